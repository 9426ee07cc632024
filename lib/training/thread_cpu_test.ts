import assert from "node:assert/strict";
import { threadCpuSeconds } from "./mod.ts";

Deno.test("threadCpuSeconds() does count the thread's work and not its sleep", async () => {
  const started = threadCpuSeconds();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const slept = threadCpuSeconds() - started;
  const busyFrom = threadCpuSeconds();
  const until = performance.now() + 200;
  while (performance.now() < until) {
    // Spin for 200 ms of wall time.
  }
  const busy = threadCpuSeconds() - busyFrom;
  assert.ok(slept >= 0 && slept < 0.05, `sleeping 200 ms cost ${slept} s of CPU`);
  // Other programs may hold the core part of the time, never more than all of it.
  assert.ok(busy > 0.02 && busy <= 0.21, `spinning 200 ms cost ${busy} s of CPU`);
});

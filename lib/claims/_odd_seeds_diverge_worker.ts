/**
 * A stand-in seed worker for `parallel_seeds_test.ts`: it speaks the seed worker's protocol
 * (`_seed_messages.ts`) without training anything. An odd seed's training "diverges" (the error a
 * real worker sends for a `DivergedError`); an even seed measures its own number; seeds from 10
 * on fail with an ordinary error.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import type { SeedWorkerReply } from "./_seed_messages.ts";

self.onmessage = (event: MessageEvent<{ seed: number } | Record<string, unknown>>) => {
  if (typeof event.data.seed !== "number") return; // the setup message
  const seed = event.data.seed;
  const reply: SeedWorkerReply = seed >= 10
    ? { seed, error: { name: "Error", message: "boom" } }
    : seed % 2 === 1
    ? {
      seed,
      error: { name: "DivergedError", message: `odd diverged at epoch ${seed + 2}` },
      tensorsLeaked: 0,
    }
    : { seed, run: { metrics: { seedValue: seed } }, tensorsLeaked: 0 };
  self.postMessage(reply);
};

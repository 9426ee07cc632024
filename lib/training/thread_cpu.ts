import process from "node:process";

// Linux's per-thread scheduler statistics: the first field is the thread's time on a CPU, in ns.
const SCHEDSTAT = "/proc/thread-self/schedstat";

/**
 * CPU time of the calling thread, in seconds, from Linux's `/proc/thread-self/schedstat`
 * (nanosecond resolution). Unlike `process.cpuUsage()` it leaves out V8's helper threads
 * (concurrent GC marking, JIT compilation), whose share of a run varies with what else the machine
 * runs; unlike wall time it does not grow while other programs hold the cores. Where the file
 * cannot be read (not Linux) it falls back to the process's CPU time.
 *
 * @returns Seconds since the thread started; only differences are meaningful.
 * @example
 * ```ts
 * const started = threadCpuSeconds();
 * let sum = 0;
 * for (let i = 0; i < 1e6; i++) sum += i;
 * threadCpuSeconds() - started; // ≈ 0.001
 * ```
 */
export function threadCpuSeconds(): number {
  try {
    const text = Deno.readTextFileSync(SCHEDSTAT);
    const nanoseconds = Number(text.split(" ")[0]);
    if (Number.isFinite(nanoseconds)) return nanoseconds / 1e9;
  } catch {
    // Not Linux, or /proc not mounted: fall back below.
  }
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

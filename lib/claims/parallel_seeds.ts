/**
 * Seeds of one claim run side by side, one worker thread per job: each seed's run is
 * independent and seeded alone, so the runs equal a sequential run's on the same backend.
 *
 * @module
 */
import type { BackendInfo } from "../backend/mod.ts";
import type { KeptRow } from "../outcomes/mod.ts";
import { isDivergence } from "../training/errors.ts";
import type { EpochLog, Scale, SeedRun } from "./claim.ts";
import type { SeedWorkerReply, SeedWorkerSetup } from "./_seed_messages.ts";
import { keptSpent } from "./seed_rows.ts";

/** What {@linkcode runSeedsInParallel} needs. */
export interface ParallelSeedsOptions {
  claimId: string;
  scale: Scale;
  config: Record<string, unknown>;
  backend: BackendInfo;
  seeds: number[];
  /** Workers at most (one per seed when fewer seeds). */
  jobs: number;
  outDir?: string;
  onEpoch?: (log: EpochLog & { seed: number }) => void;
  /**
   * Called as each seed's run arrives, or its divergence (a diverged seed does not stop the
   * others), with its wall seconds and the tensors it left.
   */
  onSeed?: (
    seed: number,
    result: {
      run?: SeedRun;
      diverged?: string;
      seconds: number;
      cpuSeconds?: number;
      tensorsLeaked: number;
    },
  ) => void;
  /** Rows a cut run kept, by seed; with `onRow`, the workers checkpoint their rows. */
  keptRows?: ReadonlyMap<number, ReadonlyMap<string, KeptRow>>;
  /** Called with each row a worker's seed computes. */
  onRow?: (seed: number, key: string, row: KeptRow) => void;
  /** Aborted when the time budget is spent: the workers are stopped. */
  signal?: AbortSignal;
  /** The worker script; @default `seed_worker.ts` (tests give one that answers by rule). */
  workerUrl?: URL;
}

/**
 * The seeds' runs in seed order up to the first that failed, and that seed's error; a seed whose
 * training diverged is not a failure: it has no run and the seeds after it still count.
 */
export interface ParallelSeedsResult {
  runs: SeedRun[];
  /** Live tensors left by the runs, summed over workers. */
  tensorsLeaked: number;
  /** The error of the first seed (in seed order) that failed; later seeds' runs are dropped. */
  error?: { seed: number; error: Error };
}

/**
 * Run `seeds` over `jobs` workers.
 *
 * @param options The claim, its config, the seeds and the number of workers.
 * @returns The runs in seed order, up to the first failure.
 */
export async function runSeedsInParallel(
  options: ParallelSeedsOptions,
): Promise<ParallelSeedsResult> {
  const { seeds, jobs } = options;
  const setup: SeedWorkerSetup = {
    claimId: options.claimId,
    scale: options.scale,
    config: options.config,
    backend: options.backend.name,
    outDir: options.outDir,
    keptRows: options.keptRows || options.onRow
      ? seeds.map((seed) => [seed, [...(options.keptRows?.get(seed) ?? new Map()).entries()]])
      : undefined,
  };
  const results = new Map<number, { run?: SeedRun; leaked: number; error?: Error }>();
  const seconds = (started: number) => (performance.now() - started) / 1000;
  let crashed: Error | undefined; // a worker that died outside any seed's run
  const queue = [...seeds];
  const workers: Worker[] = [];
  const aborted = new Promise<never>((_, reject) => {
    options.signal?.addEventListener("abort", () => reject(options.signal!.reason), { once: true });
  });
  aborted.catch(() => {}); // observed below
  const work = (worker: Worker) =>
    new Promise<void>((resolve) => {
      let seedStarted = 0;
      const next = () => {
        const seed = queue.shift();
        if (seed === undefined) return resolve();
        seedStarted = performance.now();
        worker.postMessage({ seed });
      };
      worker.onmessage = (event: MessageEvent<SeedWorkerReply>) => {
        const reply = event.data;
        if ("epoch" in reply) return options.onEpoch?.({ ...reply.epoch, seed: reply.seed });
        if ("row" in reply) return options.onRow?.(reply.seed, reply.row.key, reply.row.kept);
        // What cut runs spent on the seed's kept rows counts too.
        const spent = keptSpent(options.keptRows?.get(reply.seed));
        const cost = () => ({
          seconds: spent.seconds + seconds(seedStarted),
          ...(spent.cpuSeconds === undefined || reply.cpuSeconds === undefined
            ? {}
            : { cpuSeconds: spent.cpuSeconds + reply.cpuSeconds }),
        });
        if ("run" in reply) {
          results.set(reply.seed, { run: reply.run, leaked: reply.tensorsLeaked });
          options.onSeed?.(reply.seed, {
            run: reply.run,
            ...cost(),
            tensorsLeaked: reply.tensorsLeaked,
          });
        } else if (isDivergence(reply.error)) {
          results.set(reply.seed, { leaked: reply.tensorsLeaked ?? 0 });
          options.onSeed?.(reply.seed, {
            diverged: reply.error.message,
            ...cost(),
            tensorsLeaked: reply.tensorsLeaked ?? 0,
          });
        } else {
          results.set(reply.seed, { leaked: 0, error: reviveError(reply.error) });
          queue.length = 0; // later seeds are dropped anyway
        }
        next();
      };
      worker.onerror = (event) => {
        event.preventDefault();
        queue.length = 0;
        crashed = new Error(`A seed worker failed: ${event.message}`);
        resolve();
      };
      worker.postMessage(setup);
      next();
    });
  try {
    for (let i = 0; i < Math.min(jobs, seeds.length); i++) {
      const url = options.workerUrl ?? new URL("./seed_worker.ts", import.meta.url);
      workers.push(new Worker(url, { type: "module" }));
    }
    await Promise.race([Promise.all(workers.map(work)), aborted]);
  } catch (reason) {
    const seed = seeds.find((s) => !results.has(s)) ?? seeds[0];
    results.set(seed, { leaked: 0, error: asError(reason) });
  } finally {
    for (const worker of workers) worker.terminate();
  }
  if (crashed) throw crashed;
  const runs: SeedRun[] = [];
  let tensorsLeaked = 0;
  for (const seed of seeds) {
    const result = results.get(seed);
    if (!result) break;
    if (result.error) return { runs, tensorsLeaked, error: { seed, error: result.error } };
    if (result.run) runs.push(result.run);
    tensorsLeaked += result.leaked;
  }
  return { runs, tensorsLeaked };
}

/** The error a worker sent, with its name: the runner tells a divergence or a timeout by it. */
function reviveError({ name, message, stack }: { name: string; message: string; stack?: string }) {
  return Object.assign(new Error(message), { name, stack });
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}

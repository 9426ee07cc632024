/** Raised when a training loss or metric becomes NaN or infinite. */
export class DivergedError extends Error {
  override name = "DivergedError";
  /**
   * @param label The model or configuration that diverged.
   * @param epoch The 1-based epoch at which it diverged.
   */
  constructor(readonly label: string, readonly epoch: number) {
    super(`${label} diverged at epoch ${epoch}`);
  }
}

/**
 * Whether an error is a divergence, told apart by name: the name survives the trip from a seed
 * worker as a plain `{ name, message }`, the class does not.
 *
 * @param error An error, or what a worker sent of one.
 * @returns True for a {@linkcode DivergedError} and its copies.
 */
export function isDivergence(error: unknown): boolean {
  return typeof error === "object" && error !== null &&
    (error as { name?: unknown }).name === "DivergedError";
}

/** Raised when a run goes past its time budget. */
export class BudgetExceededError extends Error {
  override name = "BudgetExceededError";
  /**
   * @param label The model or configuration that was training.
   * @param epoch The 1-based epoch at which training stopped.
   */
  constructor(readonly label: string, readonly epoch: number) {
    super(`${label} stopped at epoch ${epoch}: the run exceeded its time budget`);
  }
}

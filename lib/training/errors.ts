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

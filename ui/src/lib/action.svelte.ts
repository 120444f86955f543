/**
 * Busy/error state of one user action (a form submit, a button), so that each
 * form shows its own progress and its own error next to it.
 */
import { describeError, type UiError } from "./errors";

export class ActionState {
  /** True while the action runs; forms disable their submit button. */
  busy = $state(false);
  /** The last failure's description, cleared when the action is run again. */
  error = $state.raw<UiError | null>(null);

  /**
   * Runs `fn` unless already running. Returns true on success; on failure
   * stores the description in `error` and returns false (never throws).
   */
  async run(fn: () => Promise<void>): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    this.error = null;
    try {
      await fn();
      return true;
    } catch (e) {
      console.error(e);
      this.error = describeError(e);
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** Forgets the last error (e.g. when its form is closed). */
  reset(): void {
    this.error = null;
  }
}

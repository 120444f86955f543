/**
 * The loads a component runs in an `$effect`: each answer is kept only while
 * the effect that asked for it is current.
 */
import { describeError, type UiError } from "./errors";

/**
 * Starts `load` and hands its answer to `onValue` — or its failure, as a
 * `UiError`, to `onError` — unless the returned cleanup ran first. An
 * `$effect` returns it, so the answer to a load the effect has since
 * superseded (its props or stamps changed meanwhile) is dropped, never shown
 * over a newer one.
 */
export function latestAnswer<T>(load: Promise<T>, onValue: (value: T) => void, onError: (error: UiError) => void): () => void {
  let stale = false;
  load.then(
    (value) => {
      if (!stale) onValue(value);
    },
    (e) => {
      if (!stale) onError(describeError(e));
    },
  );
  return () => {
    stale = true;
  };
}

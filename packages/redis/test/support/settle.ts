import { StoreUnavailableError } from "@durabledict/core";

/** What a write came to: its answer, or how it was refused (`StoreUnavailableError.applied`). */
export type Outcome = { answer: unknown } | { applied: string | undefined };

/** Resolves to the outcome of `write`; any error other than `StoreUnavailableError` still rejects. */
export function settle(write: Promise<unknown>): Promise<Outcome> {
  return write.then(
    (answer) => ({ answer }),
    (error: unknown) => {
      if (!(error instanceof StoreUnavailableError)) throw error;
      return { applied: error.applied };
    },
  );
}

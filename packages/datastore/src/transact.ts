import { NotSentError, withDeadline } from "@durabledict/core/adapter";
import type { Entity, Key, Transaction } from "@google-cloud/datastore";

/** How hard a transaction tries before giving up. */
export interface TransactionPolicy {
  /** Attempts in all, the first included, when Datastore aborts on contention. */
  attempts: number;
  /** Milliseconds each Datastore call may take (the client retries with backoff inside it). */
  timeout: number;
}

/** What one attempt decided: the value to return, and whether it wrote anything to commit. */
export interface TransactionOutcome<T> {
  result: T;
  wrote: boolean;
}

/** The gRPC status Datastore answers with when another transaction touched the same group. */
const aborted = 10;

function isContention(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === aborted;
}

/** Jittered exponential backoff, so contenders that collided do not collide again in lockstep. */
function backoff(attempt: number): Promise<void> {
  const ms = Math.min(1000, 20 * 2 ** attempt) * (0.5 + Math.random());
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Rolls back in the background; a failure only means Datastore will expire the transaction itself. */
function discard(transaction: Transaction, gaxOptions: { timeout: number }): void {
  Promise.resolve()
    .then(() => transaction.rollback(gaxOptions))
    .catch(() => {});
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs `body` in a Datastore transaction over the entities at `keys`, in two round trips: the lookup begins
 * the transaction (`newTransaction` in its read options: the client does so when the lookup comes before any
 * `run()`), then the commit. When Datastore aborts on contention the whole transaction runs again, at most
 * `policy.attempts` times. Every other error (the network, a deadline) rejects at once: a write must fail
 * rather than hang while the store is away.
 *
 * A failure before the commit was sent (the lookup, the body's reads), and a commit Datastore aborted, reject
 * with `NotSentError`: nothing was written. A commit that failed any other way may still have been applied.
 */
export async function transact<T>(
  tx: () => Transaction,
  keys: Key[],
  policy: TransactionPolicy,
  body: (found: Entity[], transaction: Transaction) => TransactionOutcome<T> | Promise<TransactionOutcome<T>>,
): Promise<T> {
  const gaxOptions = { timeout: policy.timeout };
  for (let attempt = 1; ; attempt++) {
    const transaction = tx();
    let outcome: TransactionOutcome<T>;
    try {
      const [found] = await withDeadline("lookup", policy.timeout, () =>
        transaction.get(keys, { gaxOptions }),
      );
      outcome = await body(found ?? [], transaction);
    } catch (error) {
      discard(transaction, gaxOptions);
      if (isContention(error) && attempt < policy.attempts) {
        await backoff(attempt);
        continue;
      }
      throw new NotSentError(`Datastore transaction failed before its commit: ${describe(error)}`, {
        cause: error,
      });
    }
    // A transaction that only read has nothing to commit: releasing it need not hold up the answer.
    if (!outcome.wrote) {
      discard(transaction, gaxOptions);
      return outcome.result;
    }
    try {
      await withDeadline("commit", policy.timeout, () => transaction.commit(gaxOptions));
      return outcome.result;
    } catch (error) {
      if (!isContention(error)) throw error;
      discard(transaction, gaxOptions);
      if (attempt >= policy.attempts) {
        throw new NotSentError(
          `Datastore aborted the commit on contention ${attempt} times; nothing was written`,
          { cause: error },
        );
      }
      await backoff(attempt);
    }
  }
}

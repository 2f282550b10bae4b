import type { Entity, Key, Transaction } from "@google-cloud/datastore";
import { withDeadline } from "./deadline.js";

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

/** The gRPC status Datastore answers a commit with when another transaction touched the same group. */
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

/**
 * Runs `body` in a Datastore transaction over the entities at `keys`, re-running it when Datastore aborts
 * the commit on contention, at most `policy.attempts` times. Every other error (the network, a deadline)
 * rejects at once: a write must fail rather than hang while the store is away.
 */
export async function transact<T>(
  tx: () => Transaction,
  keys: Key[],
  policy: TransactionPolicy,
  body: (found: Entity[], transaction: Transaction) => TransactionOutcome<T>,
): Promise<T> {
  const gaxOptions = { timeout: policy.timeout };
  for (let attempt = 1; ; attempt++) {
    const transaction = tx();
    try {
      await withDeadline("beginTransaction", policy.timeout, transaction.run({ gaxOptions }));
      const [found] = await withDeadline("lookup", policy.timeout, transaction.get(keys, { gaxOptions }));
      const { result, wrote } = body(found ?? [], transaction);
      // A transaction that only read has nothing to commit: releasing it need not hold up the answer.
      if (wrote) await withDeadline("commit", policy.timeout, transaction.commit(gaxOptions));
      else discard(transaction, gaxOptions);
      return result;
    } catch (error) {
      discard(transaction, gaxOptions);
      if (!isContention(error) || attempt >= policy.attempts) throw error;
      await backoff(attempt);
    }
  }
}

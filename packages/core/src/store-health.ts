import { DurableDictError } from "./errors/durable-dict-error.js";

/**
 * Whether a dict's copy is known current: `"live"` (its last check reached the store, or a live watch vouches),
 * `"stale"` (serving the last copy: the store cannot be reached, or a watch cannot prove it is alive), or
 * `"closed"`.
 */
export type DictStatus = "live" | "stale" | "closed";

/** A status change, as the `status` event reports it. */
export interface StatusEvent {
  status: DictStatus;
  previous: DictStatus;
  /** What made the dict stale, when an error did. */
  error?: DurableDictError;
}

/** Where a {@link StoreHealth} reports. */
export interface HealthReports {
  status(event: StatusEvent): void;
  error(error: DurableDictError): void;
}

/**
 * What a dict knows of its store's reachability: its status, the time of the last successful check, and the
 * backoff after failures, during which reads serve the copy without asking (growing from `retryDelay` to 16
 * times that while the store stays down). Every failure is reported.
 */
export class StoreHealth {
  private current: DictStatus = "stale";
  private checkedAtMs: number | undefined;
  private failures = 0;
  private retryAt = 0;

  constructor(
    private readonly retryDelay: number,
    private readonly adapter: string,
    private readonly reports: HealthReports,
  ) {}

  get status(): DictStatus {
    return this.current;
  }

  /** When a version check last reached the store, `undefined` before the first. */
  get checkedAt(): Date | undefined {
    return this.checkedAtMs === undefined ? undefined : new Date(this.checkedAtMs);
  }

  /** Whether a failure happened so recently that reads should not ask the store yet. */
  get backingOff(): boolean {
    return this.retryAt !== 0 && Date.now() < this.retryAt;
  }

  /** How long to wait before the next attempt, in milliseconds: the backoff the failures so far earned. */
  get nextDelay(): number {
    return this.retryDelay * 2 ** Math.min(Math.max(this.failures - 1, 0), 4);
  }

  /** A check reached the store. */
  reachable(): void {
    this.failures = 0;
    this.retryAt = 0;
    this.checkedAtMs = Date.now();
    this.become("live");
  }

  /** A check failed: back off, report it, and serve the copy as stale. */
  unreachable(error: unknown): void {
    this.failures++;
    this.retryAt = Date.now() + this.nextDelay;
    const reported = DurableDictError.isInstance(error)
      ? error
      : new DurableDictError(`version check failed, serving the local copy: ${describe(error)}`, {
          adapter: this.adapter,
          cause: error,
        });
    this.become("stale", reported);
    this.reports.error(reported);
  }

  /** The copy is served without proof that it is current (a watch that died, a start from a backup). */
  unproven(error?: DurableDictError): void {
    this.become("stale", error);
  }

  closed(): void {
    this.become("closed");
  }

  private become(status: DictStatus, error?: DurableDictError): void {
    if (status === this.current || this.current === "closed") return;
    const previous = this.current;
    this.current = status;
    this.reports.status(error === undefined ? { status, previous } : { status, previous, error });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

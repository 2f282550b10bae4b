import { DecodingError, type DurableDict, type StatusEvent } from "@durabledict/core";
import {
  ErrorCode,
  FlagNotFoundError,
  type FlagValueType,
  GeneralError,
  type JsonValue,
  OpenFeatureEventEmitter,
  ParseError,
  type Provider,
  ProviderEvents,
  ProviderFatalError,
  type ResolutionDetails,
  StandardResolutionReasons,
  TypeMismatchError,
} from "@openfeature/server-sdk";
import { ChangedKeys } from "./changed-keys.js";
import { describeValue, type FlagValues, flagValue } from "./flag-value.js";

/** Options of {@link DurableDictProvider}. */
export interface DurableDictProviderOptions {
  /**
   * Whether the provider's `onClose` (called when the provider is replaced, or by `OpenFeature.close()`) also
   * closes the dict. Default `false`: the provider does not close a dict it did not open.
   */
  ownsDict?: boolean;
}

/** The provider status a dict status maps to, as the event that announces it. */
type Reported = ProviderEvents.Ready | ProviderEvents.Stale | ProviderEvents.Error;

const missing = Symbol("missing");

/**
 * An OpenFeature server provider whose flags are the entries of a {@link DurableDict}: the flag key is the
 * dict key, and the value is read with `dict.get`, so an evaluation is as fresh, and costs as much, as a read
 * of the dict under its own options (a `Map` lookup under a live watch or with `autosync: false`).
 *
 * Every context gets the same value (no targeting). Reasons: `STATIC` while the dict is `"live"`, `STALE`
 * while it is `"stale"`. Errors: `FLAG_NOT_FOUND` for a missing key, `TYPE_MISMATCH` for a value of another
 * type, `PARSE_ERROR` for a stored payload the dict cannot decode, `GENERAL` for anything else (a closed
 * dict). A boolean flag also resolves the `on` field of an object value such as `{ on: true, percent: 10 }`.
 *
 * Events: `READY` once initialized and when the dict goes back to `"live"`, `STALE` while it is `"stale"`,
 * `CONFIGURATION_CHANGED` with `flagsChanged` for every change the dict reports (its own writes and other
 * processes'), coalesced per microtask, and `ERROR` (`PROVIDER_FATAL`) when the dict is closed under it.
 */
export class DurableDictProvider implements Provider {
  /** Names this provider to the SDK. */
  readonly metadata = { name: "durabledict" } as const;
  /** A server-side provider: the SDK refuses it in the web SDK. */
  readonly runsOn = "server" as const;
  /** Where the provider announces `READY`, `STALE`, `CONFIGURATION_CHANGED` and `ERROR` to the SDK. */
  readonly events = new OpenFeatureEventEmitter();

  private readonly changed = new ChangedKeys((flagsChanged) =>
    this.events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged }),
  );
  private unsubscribe: (() => void) | undefined;
  private staleAtStart: NodeJS.Immediate | undefined;
  private reported: Reported = ProviderEvents.Ready;

  /**
   * @param dict - an open dict, of any adapter. The provider listens to it from `initialize` to `onClose`.
   * @param options - see {@link DurableDictProviderOptions}.
   */
  constructor(
    private readonly dict: DurableDict<unknown, unknown>,
    private readonly options: DurableDictProviderOptions = {},
  ) {}

  /**
   * Called by the SDK when the provider is set: starts listening to the dict and resolves at once, so the
   * SDK reports `READY`. A dict that is `"stale"` (opened from a backup while its store is down) is then
   * reported `STALE` right after. Rejects with a fatal error for a closed dict.
   */
  async initialize(): Promise<void> {
    if (this.dict.status === "closed") throw new ProviderFatalError("the dict is closed");
    this.listen();
    this.reported = ProviderEvents.Ready;
    if (this.dict.status === "stale") {
      // The SDK marks the provider READY once this promise settles, a few microtasks from now; reporting
      // STALE in the next macrotask keeps it from being overwritten.
      this.staleAtStart = setImmediate(() => this.report(this.dict.status));
    }
  }

  /** Called by the SDK when the provider is replaced or shut down: stops listening, and closes the dict if it owns it. */
  async onClose(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    clearImmediate(this.staleAtStart);
    this.changed.discard();
    if (this.options.ownsDict) await this.dict.close();
  }

  /** Resolves a boolean flag: a boolean value, or the boolean `on` field of an object value. */
  resolveBooleanEvaluation(flagKey: string): Promise<ResolutionDetails<boolean>> {
    return this.resolve(flagKey, "boolean");
  }

  /** Resolves a string flag: a string value. */
  resolveStringEvaluation(flagKey: string): Promise<ResolutionDetails<string>> {
    return this.resolve(flagKey, "string");
  }

  /** Resolves a number flag: a number value. */
  resolveNumberEvaluation(flagKey: string): Promise<ResolutionDetails<number>> {
    return this.resolve(flagKey, "number");
  }

  /** Resolves an object flag: a plain object or an array value, as the dict hands it out (deep-frozen). */
  async resolveObjectEvaluation<T extends JsonValue>(flagKey: string): Promise<ResolutionDetails<T>> {
    const details = await this.resolve(flagKey, "object");
    return details as ResolutionDetails<T>;
  }

  private async resolve<T extends FlagValueType>(
    flagKey: string,
    type: T,
  ): Promise<ResolutionDetails<FlagValues[T]>> {
    let stored: unknown;
    try {
      stored = await this.dict.get(flagKey, missing);
    } catch (error) {
      if (DecodingError.isInstance(error)) throw new ParseError(error.message, { cause: error });
      throw new GeneralError(error instanceof Error ? error.message : String(error), { cause: error });
    }
    if (stored === missing) throw new FlagNotFoundError(`no key ${JSON.stringify(flagKey)} in the dict`);
    const value = flagValue(stored, type);
    if (value === undefined) {
      const expected = type === "boolean" ? 'a boolean, or an object with a boolean "on"' : `a ${type}`;
      throw new TypeMismatchError(
        `key ${JSON.stringify(flagKey)} holds ${describeValue(stored)}, not ${expected}`,
      );
    }
    const reason =
      this.dict.status === "stale" ? StandardResolutionReasons.STALE : StandardResolutionReasons.STATIC;
    return { value, reason };
  }

  private listen(): void {
    if (this.unsubscribe) return;
    const stops = [
      this.dict.on("change", ({ key }) => this.changed.add(key)),
      this.dict.on("status", (event) => this.report(event.status, event)),
    ];
    this.unsubscribe = () => {
      for (const stop of stops) stop();
    };
  }

  /** Tells the SDK what a dict status means for the provider, once per change of what it was told. */
  private report(status: StatusEvent["status"], event?: StatusEvent): void {
    const next =
      status === "live"
        ? ProviderEvents.Ready
        : status === "stale"
          ? ProviderEvents.Stale
          : ProviderEvents.Error;
    if (next === this.reported) return;
    this.reported = next;
    const message = event?.error?.message;
    if (next === ProviderEvents.Error) {
      this.events.emit(next, { errorCode: ErrorCode.PROVIDER_FATAL, message: "the dict was closed" });
    } else {
      this.events.emit(next, message === undefined ? {} : { message });
    }
  }
}

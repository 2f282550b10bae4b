import type { EventDetails, EventHandler, ProviderEvents } from "@openfeature/server-sdk";

/** `OpenFeature` or a client: anything handlers are added to. */
interface EventSource {
  addHandler(type: ProviderEvents, handler: EventHandler): void;
  removeHandler(type: ProviderEvents, handler: EventHandler): void;
}

/**
 * The next `type` event `source` hands to its handlers (and that `where` accepts), or a rejection after
 * `timeout` ms. Call it before the action that should cause the event. Note that the SDK runs a READY, STALE or
 * ERROR handler at once when the provider is already in that state.
 */
export function nextEvent<T extends ProviderEvents>(
  source: EventSource,
  type: T,
  where: (details: EventDetails<T>) => boolean = () => true,
  timeout = 5_000,
): Promise<EventDetails<T>> {
  return new Promise((resolve, reject) => {
    const handler = (given?: EventDetails) => {
      // The SDK hands every handler the event's details.
      const details = given as EventDetails<T>;
      if (!where(details)) return;
      clearTimeout(timer);
      source.removeHandler(type, handler);
      resolve(details);
    };
    const timer = setTimeout(() => {
      source.removeHandler(type, handler);
      reject(new Error(`no ${type} event within ${timeout} ms`));
    }, timeout);
    source.addHandler(type, handler);
  });
}

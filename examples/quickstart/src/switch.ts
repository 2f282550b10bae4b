/** A feature switch as the settings dict stores it. `flippedAt` lets the worker tell how long a flip took to arrive. */
export interface Switch {
  on: boolean;
  percent: number;
  /** When the admin started writing it: `performance.timeOrigin + performance.now()`, in ms. */
  flippedAt: number;
}

/** The settings dict holds switches, and the admin's sign-off under {@link doneKey}. */
export type Setting = Switch | "done";

/** The key the admin sets last, so the worker knows the demo is over. */
export const doneKey = "demo";

/** The wall-clock time in milliseconds, with sub-millisecond precision, comparable across processes. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

/** `on, 10%` or `off`. */
export function describeSwitch(value: Switch | undefined): string {
  if (value === undefined) return "(deleted)";
  return value.on ? `on, ${value.percent}%` : "off";
}

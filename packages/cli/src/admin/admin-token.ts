import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A new random token: 32 bytes, base64url. */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/** Whether `given` is `token`, in time that does not depend on where they differ (nor on their lengths). */
export function tokenMatches(given: string, token: string): boolean {
  return timingSafeEqual(digest(given), digest(token));
}

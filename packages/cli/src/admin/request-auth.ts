import type { IncomingMessage } from "node:http";
import { tokenMatches } from "./admin-token.js";

/** How a request proved it knows the token, or `undefined` when it did not. */
export type AuthMethod = "bearer" | "cookie" | "query";

/** The cookie that keeps the token; named by port, since browsers share cookies across a host's ports. */
export function cookieName(port: number): string {
  return `durabledict_admin_${port}`;
}

function cookieValue(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const separator = part.indexOf("=");
    if (separator !== -1 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return undefined;
}

/**
 * Checks the token a request carries: `Authorization: Bearer <token>` (which, when present, must match), else
 * the cookie, else `?token=` in the URL (so a link with a new token replaces a stale cookie).
 */
export function authenticate(
  request: IncomingMessage,
  url: URL,
  token: string,
  port: number,
): AuthMethod | undefined {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    return match && tokenMatches(match[1]!, token) ? "bearer" : undefined;
  }
  const cookie = cookieValue(request, cookieName(port));
  if (cookie !== undefined && tokenMatches(cookie, token)) return "cookie";
  const query = url.searchParams.get("token");
  if (query !== null && tokenMatches(query, token)) return "query";
  return undefined;
}

/** The `Set-Cookie` value that keeps the token for later requests: not readable by scripts, never sent cross-site. */
export function tokenCookie(token: string, port: number): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

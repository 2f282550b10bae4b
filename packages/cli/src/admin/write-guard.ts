import type { IncomingMessage } from "node:http";

/** The header every write must carry. A page on another origin cannot send it without a CORS preflight, which this server never grants. */
export const writeHeader = "x-durabledict-admin";

/**
 * Why a write request must be refused as possibly cross-site, or `undefined` when it may go on. A browser
 * says where a request comes from (`Sec-Fetch-Site`, `Origin`); both must say this server's own origin when
 * present, and the custom header must be there (scripts using the API send it too).
 */
export function crossSiteProblem(request: IncomingMessage): string | undefined {
  const site = request.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin")
    return `cross-site write refused (Sec-Fetch-Site: ${site})`;
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `http://${request.headers.host}`)
    return `cross-origin write refused (Origin: ${origin})`;
  if (request.headers[writeHeader] !== "1") return "a write needs the header X-Durabledict-Admin: 1";
  return undefined;
}

/**
 * The `Host` values a server bound to `host`:`port` answers to. On a loopback address only its loopback names
 * (so a page on a name rebound to 127.0.0.1 gets nothing); `undefined` (any) when bound to another address.
 */
export function allowedHosts(host: string, port: number): Set<string> | undefined {
  const loopback = ["127.0.0.1", "localhost", "::1", "[::1]"];
  if (!loopback.includes(host)) return undefined;
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

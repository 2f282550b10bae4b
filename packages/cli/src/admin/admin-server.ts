import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { DurableDict } from "@durabledict/core";
import { handleApi } from "./admin-api.js";
import { randomToken } from "./admin-token.js";
import { EventStream } from "./event-stream.js";
import { replyError } from "./http-reply.js";
import { authenticate, tokenCookie } from "./request-auth.js";
import { StaticAssets } from "./static-assets.js";
import { allowedHosts, crossSiteProblem } from "./write-guard.js";

/** Options of {@link startAdminServer}. */
export interface AdminServerOptions {
  /** The dict the page shows and edits. It stays open when the server closes. */
  dict: DurableDict<unknown>;
  /** What the page calls the dict: the store URL without its password, say. */
  title: string;
  /** The address to listen on. Default `127.0.0.1`: only this machine can reach the page. */
  host?: string;
  /** The port. Default 0: any free port (see {@link AdminServer.url}). */
  port?: number;
  /** The token every request must carry. Default: a new random one. */
  token?: string;
  /** Told of every write request once answered, refused ones with the reason: `POST /api/set 403 …`. */
  log?: (line: string) => void;
}

/** A running admin page. */
export interface AdminServer {
  /** The page's address, without the token, e.g. `http://127.0.0.1:43121/`. */
  readonly url: string;
  /** The token every request must carry. */
  readonly token: string;
  /** Ends every open event stream and stops listening. Does not close the dict. */
  close(): Promise<void>;
}

const writePaths = new Set(["/api/set", "/api/add", "/api/delete"]);

/**
 * Serves the admin page over `dict`: the page, its event stream and its JSON API, every request
 * authenticated by the token (`Authorization: Bearer`, or `?token=` once, then an HttpOnly, SameSite=Strict
 * cookie), every write checked against cross-site requests.
 */
export async function startAdminServer(options: AdminServerOptions): Promise<AdminServer> {
  const host = options.host ?? "127.0.0.1";
  const token = options.token ?? randomToken();
  const assets = new StaticAssets();
  const events = new EventStream(options.dict, options.title);
  let port = 0;
  let hosts: Set<string> | undefined;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? "/", "http://admin.invalid");
    if (hosts && !hosts.has(request.headers.host ?? "")) {
      replyError(response, 403, "unexpected Host header");
      return;
    }
    const auth = authenticate(request, url, token, port);
    if (!auth) {
      const hint = "open the address printed at start, or send Authorization: Bearer <token>";
      replyError(response, 401, `a token is required: ${hint}`, { "WWW-Authenticate": "Bearer" });
      return;
    }
    if (auth === "query") response.setHeader("Set-Cookie", tokenCookie(token, port));
    const path = url.pathname;
    if (request.method === "POST" && writePaths.has(path)) {
      const problem = crossSiteProblem(request);
      if (problem) replyError(response, 403, problem);
      else await handleApi(options.dict, path, request, response);
      options.log?.(`POST ${path} ${response.statusCode}${problem ? ` ${problem}` : ""}`);
      return;
    }
    if (request.method !== "GET" || writePaths.has(path)) {
      replyError(response, 405, `${request.method} ${path} is not allowed`, {
        Allow: writePaths.has(path) ? "POST" : "GET",
      });
      return;
    }
    if (auth === "query" && path === "/") {
      // Take the token out of the address bar and the history: the cookie carries it from now on.
      response.writeHead(303, { Location: "/" }).end();
      return;
    }
    if (path === "/api/events") await events.open(request, response);
    else if (!(await handleApi(options.dict, path, request, response)) && !assets.serve(path, response))
      replyError(response, 404, `nothing at ${path}`);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        replyError(response, 500, error instanceof Error ? error.message : String(error));
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(host, port);
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/`,
    token,
    close() {
      events.close();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

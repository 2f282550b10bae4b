import { createServer, type Server, type ServerResponse } from "node:http";
import type { DurableDict } from "@durabledict/core";

/** The service: `/` renders a page from the settings, `/health` reports how fresh they are. */
export function settingsServer(settings: DurableDict<string>): Server {
  return createServer(async (request, response) => {
    try {
      if (request.url === "/") await page(settings, response);
      else if (request.url === "/health") health(settings, response);
      else response.writeHead(404).end("not found\n");
    } catch (error) {
      response.writeHead(500).end(`${error instanceof Error ? error.message : error}\n`);
    }
  });
}

/** Reads the settings it needs on every request: the dict answers from memory, current per its sync style. */
async function page(settings: DurableDict<string>, response: ServerResponse): Promise<void> {
  const banner = await settings.get("banner", "Welcome");
  const theme = await settings.get("theme", "light");
  response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  response.end(
    `<!doctype html><title>Shop</title><body class="${escapeHtml(theme)}"><h1>${escapeHtml(banner)}</h1>\n`,
  );
}

/**
 * `status` is `"live"` or `"stale"` (serving the last copy: the store cannot be reached); `checkedAt` is when
 * the dict last reached the store. A stale dict still serves, so only a closed one answers 503: a load
 * balancer should not pull every worker out of rotation because the settings store hiccuped.
 */
function health(settings: DurableDict<string>, response: ServerResponse): void {
  const body = { status: settings.status, checkedAt: settings.checkedAt?.toISOString() ?? null };
  response.writeHead(settings.status === "closed" ? 503 : 200, { "content-type": "application/json" });
  response.end(`${JSON.stringify(body)}\n`);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

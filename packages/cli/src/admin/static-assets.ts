import { readFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { securityHeaders } from "./http-reply.js";

interface Asset {
  file: string;
  type: string;
}

/** The page's files, by request path: plain HTML, JavaScript and CSS shipped in the package's `assets/`. */
const assets: Readonly<Record<string, Asset>> = {
  "/": { file: "admin.html", type: "text/html; charset=utf-8" },
  "/admin.js": { file: "admin.js", type: "text/javascript; charset=utf-8" },
  "/admin.css": { file: "admin.css", type: "text/css; charset=utf-8" },
};

const folder = new URL("../../assets/", import.meta.url);

/** The page's files, read once from the package. */
export class StaticAssets {
  private readonly bodies = new Map<string, Buffer>();

  constructor() {
    for (const [path, { file }] of Object.entries(assets))
      this.bodies.set(path, readFileSync(new URL(file, folder)));
  }

  /** Sends the file served at `path`; `false` when there is none. */
  serve(path: string, response: ServerResponse): boolean {
    const asset = assets[path];
    const body = this.bodies.get(path);
    if (!asset || !body) return false;
    response.writeHead(200, { ...securityHeaders, "Content-Type": asset.type });
    response.end(body);
    return true;
  }
}

import { request } from "node:http";
import { join } from "node:path";
import type { DurableDict } from "@durabledict/core";
import { openSqliteDict } from "@durabledict/sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AdminServer, startAdminServer } from "../src/admin/admin-server.js";
import { httpCall } from "./support/http-call.js";
import { scratchDir } from "./support/scratch-dir.js";

describe("the admin server's HTTP API", () => {
  let dict: DurableDict<unknown>;
  let server: AdminServer;
  const token = "test-token-0123456789";
  const bearer = { Authorization: `Bearer ${token}` };
  const write = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    httpCall(`${server.url}${path.slice(1)}`, {
      method: "POST",
      headers: { ...bearer, "Content-Type": "application/json", "X-Durabledict-Admin": "1", ...headers },
      body: JSON.stringify(body),
    });

  beforeEach(async () => {
    dict = await openSqliteDict(join(scratchDir(), "s.db"));
    await dict.set("new_checkout", { on: false, percent: 10 });
    server = await startAdminServer({ dict, title: "sqlite:s.db", token });
  });
  afterEach(async () => {
    await server.close();
    await dict.close();
  });

  it("listens on 127.0.0.1 by default", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it("refuses every request without the token, or with a wrong one, with 401", async () => {
    for (const path of ["", "admin.js", "api/entries", "api/events"]) {
      expect((await httpCall(`${server.url}${path}`)).status, path).toBe(401);
    }
    expect((await httpCall(server.url, { headers: { Authorization: "Bearer wrong" } })).status).toBe(401);
    expect((await httpCall(`${server.url}?token=wrong`)).status).toBe(401);
    expect((await httpCall(server.url, { headers: { Cookie: `durabledict_admin_1=${token}` } })).status).toBe(
      401,
    );
    const refused = await write(
      "/api/set",
      { key: "new_checkout", value: true },
      { Authorization: "Bearer wrong" },
    );
    expect(refused.status).toBe(401);
    expect(await dict.get("new_checkout")).toEqual({ on: false, percent: 10 });
  });

  it("takes ?token= once, keeps it in an HttpOnly SameSite=Strict cookie, and drops it from the address", async () => {
    const first = await httpCall(`${server.url}?token=${token}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe("/");
    const [cookie] = first.headers["set-cookie"] as string[];
    expect(cookie).toMatch(
      /^durabledict_admin_\d+=test-token-0123456789; HttpOnly; SameSite=Strict; Path=\/$/,
    );
    const page = await httpCall(server.url, { headers: { Cookie: cookie!.split(";")[0]! } });
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
  });

  it("serves the entries to a bearer token", async () => {
    const answer = await httpCall(`${server.url}api/entries`, { headers: bearer });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({
      entries: [{ key: "new_checkout", value: { on: false, percent: 10 } }],
      undecodable: [],
    });
  });

  it("sets, adds (409 when the key exists) and deletes (404 when it is missing)", async () => {
    expect((await write("/api/set", { key: "new_checkout", value: { on: true } })).status).toBe(200);
    expect(await dict.get("new_checkout")).toEqual({ on: true });
    expect((await write("/api/add", { key: "theme", value: "dark" })).status).toBe(201);
    const again = await write("/api/add", { key: "theme", value: "light" });
    expect(again.status).toBe(409);
    expect(JSON.parse(again.body)).toEqual({ error: 'key "theme" already exists' });
    expect(await dict.get("theme")).toBe("dark");
    expect((await write("/api/delete", { key: "theme" })).status).toBe(200);
    expect(await dict.has("theme")).toBe(false);
    expect((await write("/api/delete", { key: "theme" })).status).toBe(404);
  });

  it.each([
    ["another site's Origin", { Origin: "http://evil.example" }],
    ["Sec-Fetch-Site: cross-site", { "Sec-Fetch-Site": "cross-site" }],
    ["Sec-Fetch-Site: same-site (another port of this host)", { "Sec-Fetch-Site": "same-site" }],
    ["no X-Durabledict-Admin header", { "X-Durabledict-Admin": "" }],
  ])("refuses a write with %s with 403, even with the token", async (_what, headers) => {
    const answer = await write("/api/set", { key: "new_checkout", value: true }, headers);
    expect(answer.status).toBe(403);
    expect(await dict.get("new_checkout")).toEqual({ on: false, percent: 10 });
  });

  it("accepts a write whose Origin and Sec-Fetch-Site say it comes from the page itself", async () => {
    const origin = server.url.slice(0, -1);
    const answer = await write(
      "/api/set",
      { key: "k", value: 1 },
      { Origin: origin, "Sec-Fetch-Site": "same-origin" },
    );
    expect(answer.status).toBe(200);
  });

  it("refuses a form-encoded body (415), a body that is not JSON (400), a GET write (405) and a foreign Host (403)", async () => {
    expect((await write("/api/set", {}, { "Content-Type": "text/plain" })).status).toBe(415);
    const notJson = await httpCall(`${server.url}api/set`, {
      method: "POST",
      headers: { ...bearer, "Content-Type": "application/json", "X-Durabledict-Admin": "1" },
      body: "{nope",
    });
    expect(notJson.status).toBe(400);
    expect((await write("/api/set", { key: 1, value: 1 })).status).toBe(400);
    expect((await httpCall(`${server.url}api/set`, { headers: bearer })).status).toBe(405);
    const rebound = await httpCall(server.url, { headers: { ...bearer, Host: "evil.example" } });
    expect(rebound.status).toBe(403);
  });

  it("streams a snapshot, then each change, as server-sent events", async () => {
    const events = await new Promise<string>((resolve, reject) => {
      const call = request(`${server.url}api/events`, { headers: bearer }, (answer) => {
        expect(answer.headers["content-type"]).toBe("text/event-stream; charset=utf-8");
        let text = "";
        answer.setEncoding("utf8");
        answer.on("data", (chunk: string) => {
          text += chunk;
          if (text.includes("event: snapshot") && !text.includes("event: change"))
            void dict.set("flag", true);
          if (text.includes("event: change")) {
            call.destroy();
            resolve(text);
          }
        });
      });
      call.on("error", reject);
      call.end();
    });
    expect(events).toContain(
      'event: snapshot\ndata: {"title":"sqlite:s.db","entries":[{"key":"new_checkout","value":{"on":false,"percent":10}}],"undecodable":[]}\n\n',
    );
    expect(events).toContain(
      'event: change\ndata: {"key":"flag","origin":"local","deleted":false,"value":true}\n\n',
    );
  });
});

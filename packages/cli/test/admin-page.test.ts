import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DurableDict } from "@durabledict/core";
import { openSqliteDict } from "@durabledict/sqlite";
import { waitUntil } from "@durabledict/test-servers";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { launchChromium } from "./support/chromium.js";
import { runCli } from "./support/cli-process.js";
import { LongRunningCli } from "./support/long-running-cli.js";

const xssKey = "<img src=x onerror=alert(1)>";

describe("the admin page in Chromium", () => {
  let dir: string;
  let storeUrl: string;
  let admin: LongRunningCli;
  let address: string;
  let base: string;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  let dict: DurableDict<unknown>;
  let page: Page;
  let dialogs: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "durabledict-cli-page-"));
    storeUrl = `sqlite:${join(dir, "settings.db")}`;
    admin = new LongRunningCli(["admin", storeUrl]);
    [, address] = (await admin.waitFor(/ at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)\n/, "stderr")) as [
      string,
      string,
    ];
    base = address.replace(/\?token=.*$/, "");
    browser = await launchChromium();
    context = browser.context;
    dict = await openSqliteDict(join(dir, "settings.db"));
  });
  afterAll(async () => {
    await dict?.close();
    await browser?.close();
    if (admin) expect((await admin.stop()).code).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    for (const key of await dict.keys()) await dict.delete(key);
    await dict.update({
      new_checkout: { on: false, percent: 10 },
      dark_mode: true,
      theme: "dark",
      [xssKey]: "<script>alert(2)</script>",
    });
    page = await context.newPage();
    dialogs = [];
    page.on("dialog", (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.goto(address);
    await page.locator("#connection", { hasText: "live" }).waitFor();
    await row("theme").waitFor();
  });
  afterEach(async () => {
    await page.close();
  });

  const row = (key: string) => page.locator(`tr[data-key="${key.replaceAll('"', '\\"')}"]`);
  const stored = async (key: string, expected: unknown) =>
    waitUntil(
      `the store to hold ${JSON.stringify(expected)} under ${key}`,
      async () => JSON.stringify(await dict.get(key)) === JSON.stringify(expected),
      { timeout: 60_000 },
    );

  it("loads with the token, then drops it from the address and keeps it in a cookie", async () => {
    expect(page.url()).toBe(base);
    await expect(page.locator("#store").textContent()).resolves.toBe(storeUrl);
    expect(await page.locator("tbody tr").count()).toBe(4);
    await page.reload();
    await row("new_checkout").waitFor();
    const cookies = await context.cookies(base);
    expect(cookies).toEqual([expect.objectContaining({ httpOnly: true, sameSite: "Strict" })]);
  });

  it("flips a switch for { on: boolean } and for a boolean, and the store changes", async () => {
    await row("new_checkout").getByRole("switch").click();
    await stored("new_checkout", { on: true, percent: 10 });
    await row("dark_mode").getByRole("switch").click();
    await stored("dark_mode", false);
    await expect(row("dark_mode").getByRole("switch").isChecked()).resolves.toBe(false);
    expect(await row("theme").getByRole("switch").count()).toBe(0);
  });

  it("shows a change made by another process without a reload", async () => {
    await runCli(["set", storeUrl, "theme", '"light"']);
    await row("theme").locator("code", { hasText: '"light"' }).waitFor();
    await runCli(["set", storeUrl, "beta", '{"on":true}']);
    await row("beta").getByRole("switch", { checked: true }).waitFor();
    await runCli(["delete", storeUrl, "dark_mode"]);
    await row("dark_mode").waitFor({ state: "detached" });
  });

  it("renders a key and value full of HTML as text", async () => {
    const cells = row(xssKey).locator("td");
    await expect(cells.nth(0).textContent()).resolves.toBe(xssKey);
    await expect(cells.nth(1).textContent()).resolves.toBe('"<script>alert(2)</script>"');
    expect(await page.locator("main img, main script").count()).toBe(0);
    await page.locator("#search").fill("onerror");
    await row(xssKey).waitFor();
    expect(dialogs).toEqual([]);
  });

  it("refuses a request without the token", async () => {
    await context.clearCookies();
    const answer = await page.goto(base);
    expect(answer?.status()).toBe(401);
    expect(await page.textContent("body")).toContain("a token is required");
    const api = await page.evaluate(async () => (await fetch("/api/entries")).status);
    expect(api).toBe(401);
  });

  it("refuses a write from a page on another port of this host, though the browser sends the cookie", async () => {
    const attacker = await serveAttacker();
    try {
      const attackerPage = await context.newPage();
      await attackerPage.goto(attacker.url);
      const outcomes = await attackerPage.evaluate(async (target) => {
        const body = JSON.stringify({ key: "new_checkout", value: { on: true } });
        const attempt = (init: RequestInit) =>
          fetch(target, { method: "POST", credentials: "include", body, ...init }).then(
            (response) => response.type,
            () => "failed",
          );
        const simple = await attempt({ mode: "no-cors" });
        const preflighted = await attempt({
          headers: { "Content-Type": "application/json", "X-Durabledict-Admin": "1" },
        });
        return [simple, preflighted];
      }, `${base}api/set`);
      expect(outcomes).toEqual(["failed", "failed"]);
      // The simple request reached the server with the cookie; the server's cross-site check refused it.
      await admin.waitFor(
        / POST \/api\/set 403 cross-site write refused \(Sec-Fetch-Site: same-site\)$/m,
        "stderr",
      );
      expect(await dict.get("new_checkout")).toEqual({ on: false, percent: 10 });
      await attackerPage.close();
    } finally {
      await attacker.close();
    }
  });

  it("refuses invalid JSON in the editor before sending anything, and saves valid JSON", async () => {
    const writes: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST") writes.push(request.url());
    });
    await row("theme").getByRole("button", { name: "Edit" }).click();
    const editor = page.locator("#editor-value");
    await editor.fill('{"colour": "dark",}');
    await page.locator("#editor-error", { hasText: "Not valid JSON" }).waitFor();
    await expect(page.locator("#editor-save").isDisabled()).resolves.toBe(true);
    await editor.press("Control+Enter");
    await page.locator("#editor-key").press("Enter");
    expect(writes).toEqual([]);
    await editor.fill('{"colour": "dark"}');
    await page.locator("#editor-save").click();
    await stored("theme", { colour: "dark" });
    expect(writes).toEqual([`${base}api/set`]);
  });

  it("adds and deletes a key only once confirmed", async () => {
    const addBeta = async () => {
      await page.getByRole("button", { name: "Add key" }).click();
      await page.locator("#editor-key").fill("beta");
      await page.locator("#editor-value").fill('{"on": true}');
      await page.locator("#editor-save").click();
      await page.locator("#confirm-text", { hasText: 'Add the key "beta"?' }).waitFor();
    };
    await addBeta();
    await page.getByRole("button", { name: "Cancel" }).last().click();
    expect(await dict.has("beta")).toBe(false);
    await page.locator("#editor-save").click();
    await page.locator("#confirm-ok").click();
    await stored("beta", { on: true });
    await row("beta").waitFor();

    await row("theme").getByRole("button", { name: "Delete" }).click();
    await page.locator("#confirm-text", { hasText: 'Delete the key "theme"?' }).waitFor();
    await page.locator("#confirm").getByRole("button", { name: "Cancel" }).click();
    expect(await dict.has("theme")).toBe(true);
    await row("theme").getByRole("button", { name: "Delete" }).click();
    await page.locator("#confirm-ok").click();
    await waitUntil("theme to be deleted", async () => !(await dict.has("theme")), { timeout: 60_000 });
    await row("theme").waitFor({ state: "detached" });
  });

  it("searches keys and values", async () => {
    await page.locator("#search").fill("PERCENT");
    await row("theme").waitFor({ state: "hidden" });
    expect(await row("new_checkout").isVisible()).toBe(true);
    await page.locator("#search").fill("nothing like it");
    await page.locator("#empty").waitFor();
  });
});

/** A page on another port of 127.0.0.1: same site as the admin page (so its cookie is sent), another origin. */
async function serveAttacker(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { "Content-Type": "text/html" });
    response.end("<!doctype html><title>elsewhere</title><p>another site</p>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import type { IncomingMessage, ServerResponse } from "node:http";
import type { DurableDict } from "@durabledict/core";
import { isDictError } from "../values/is-dict-error.js";
import { readEntries } from "../values/read-entries.js";
import { sameJson } from "../values/same-json.js";
import { replyError, replyJson } from "./http-reply.js";
import { BodyError, readJsonBody } from "./read-json-body.js";

interface EntryBody {
  key: string;
  value?: unknown;
}

async function entryBody(request: IncomingMessage, needsValue: boolean): Promise<EntryBody> {
  const body = await readJsonBody(request);
  if (typeof body !== "object" || body === null || typeof (body as EntryBody).key !== "string")
    throw new BodyError(400, 'the body must be an object with a string "key"');
  if (needsValue && !("value" in body)) throw new BodyError(400, 'the body must have a "value"');
  return body as EntryBody;
}

/** The HTTP status for an error a dict operation threw. */
function statusFor(error: unknown): number {
  if (error instanceof BodyError) return error.status;
  if (isDictError(error, "InvalidKeyError") || isDictError(error, "EncodingError")) return 422;
  if (isDictError(error, "StoreUnavailableError")) return 503;
  return 500;
}

/**
 * The JSON API the page uses (scripts may too, with `Authorization: Bearer` and `X-Durabledict-Admin: 1`):
 * `GET /api/entries`; `POST /api/set`, `/api/add` (409 when the key exists) and `/api/delete` (404 when it
 * is missing), each with a body `{ "key": …, "value": … }`. Resolves to `false` for a path it does not serve.
 */
export async function handleApi(
  dict: DurableDict<unknown>,
  path: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  try {
    switch (path) {
      case "/api/entries": {
        const { entries, undecodable } = await readEntries(dict);
        replyJson(response, 200, { entries: entries.map(([key, value]) => ({ key, value })), undecodable });
        return true;
      }
      case "/api/set": {
        const { key, value } = await entryBody(request, true);
        await dict.set(key, value);
        replyJson(response, 200, { key, value });
        return true;
      }
      case "/api/add": {
        const { key, value } = await entryBody(request, true);
        const exists = () => replyError(response, 409, `key ${JSON.stringify(key)} already exists`);
        if (await dict.has(key)) exists();
        else if (!sameJson(await dict.setdefault(key, value), value)) exists();
        else replyJson(response, 201, { key, value });
        return true;
      }
      case "/api/delete": {
        const { key } = await entryBody(request, false);
        if (await dict.delete(key)) replyJson(response, 200, { key });
        else replyError(response, 404, `key ${JSON.stringify(key)} not found`);
        return true;
      }
      default:
        return false;
    }
  } catch (error) {
    replyError(response, statusFor(error), error instanceof Error ? error.message : String(error));
    return true;
  }
}

import type { IncomingMessage } from "node:http";

/** The largest request body the admin API reads, in bytes. */
export const maxBodyBytes = 1024 * 1024;

/** A request body that cannot be used, with the HTTP status to answer. */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/** Reads a JSON request body (`Content-Type: application/json`, at most {@link maxBodyBytes}). */
export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const type = request.headers["content-type"] ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type))
    throw new BodyError(415, "the body must be application/json");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new BodyError(413, `the body is over ${maxBodyBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch (error) {
    throw new BodyError(400, `the body is not valid JSON: ${(error as Error).message}`);
  }
}

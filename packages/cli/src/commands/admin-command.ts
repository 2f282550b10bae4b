import { type Command, InvalidArgumentError } from "commander";
import { startAdminServer } from "../admin/admin-server.js";
import type { CliIo } from "../cli-io.js";
import { withDict } from "../stores/with-dict.js";
import { untilInterrupted } from "../until-interrupted.js";
import { printable } from "../values/printable.js";
import { redactUrl } from "../values/redact-url.js";

function portNumber(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError("a port is a whole number from 0 to 65535");
  return port;
}

/**
 * `durabledict admin <url>`: serves the admin page until interrupted, printing its address (with the token
 * when the token was generated).
 */
export function registerAdmin(program: Command, io: CliIo): void {
  program
    .command("admin")
    .description("serve a web page to see, search, flip and edit the dict, live, until interrupted (Ctrl-C)")
    .argument("<url>", "the store URL")
    .option(
      "--host <host>",
      "the address to listen on (another than loopback exposes the page to the network)",
      "127.0.0.1",
    )
    .option("--port <port>", "the port (0: any free port)", portNumber, 0)
    .option(
      "--token <token>",
      "the token every request must carry (default: $DURABLEDICT_ADMIN_TOKEN, else a random one)",
    )
    .addHelpText(
      "after",
      "\nOpen the address printed at start: it carries the token once, then a cookie keeps it. Scripts send\n'Authorization: Bearer <token>'. Exits with 0 when interrupted.",
    )
    .action((url: string, options: { host: string; port: number; token?: string }) =>
      withDict(url, { create: true, live: true }, async (dict) => {
        const given = options.token ?? io.env.DURABLEDICT_ADMIN_TOKEN;
        const server = await startAdminServer({
          dict,
          title: redactUrl(url),
          host: options.host,
          port: options.port,
          log: (line) => io.stderr.write(`${new Date().toISOString()} ${printable(line)}\n`),
          ...(given ? { token: given } : {}),
        });
        const stopped = untilInterrupted();
        const address = given ? `${server.url} (with your token)` : `${server.url}?token=${server.token}`;
        io.stderr.write(`durabledict admin for ${printable(redactUrl(url))} at ${address}\nCtrl-C to stop\n`);
        await stopped;
        await server.close();
      }),
    );
}

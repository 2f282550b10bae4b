// The service's entry point: SETTINGS_FILE (default settings.db), SETTINGS_SYNC (autosync or watch),
// PORT (default 3000; 0 picks a free one). Listens on 127.0.0.1; stops cleanly on SIGINT or SIGTERM.
import type { AddressInfo } from "node:net";
import { openSettings } from "./open-settings.js";
import { settingsServer } from "./settings-server.js";

const file = process.env.SETTINGS_FILE ?? "settings.db";
const sync = process.env.SETTINGS_SYNC ?? "autosync";
if (sync !== "autosync" && sync !== "watch")
  throw new Error(`SETTINGS_SYNC is "autosync" or "watch", not "${sync}"`);

// ONE dict for the life of the process, shared by every request. A dict (or a client) opened per request
// would reload every setting on each request and leak a connection whenever a close is missed.
const settings = await openSettings(file, sync);
const server = settingsServer(settings);
server.listen(Number(process.env.PORT ?? 3000), "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  console.log(`listening on http://127.0.0.1:${port}/ (settings from ${file}, ${sync})`);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close(() => void settings.close());
  });
}

// Changes one setting from another process: node dist/set-setting.js <file> <key> <value>
import { openSqliteDict } from "@durabledict/sqlite";

const [file, key, value] = process.argv.slice(2);
if (file === undefined || key === undefined || value === undefined) {
  throw new Error("usage: set-setting.js <file> <key> <value>");
}
const settings = await openSqliteDict<string>(file);
await settings.set(key, value);
await settings.close();

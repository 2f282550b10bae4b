import { LuaScript } from "./lua-script.js";

/**
 * The changes since a version, read atomically with the counter. KEYS: hash, counter, change log, log meta.
 * ARGV[1]: the version asked about; ARGV[2]: the most changes worth answering with (past that a full load
 * is as cheap). Returns nil when the log cannot answer: the counter is missing, a writer that keeps no log
 * moved it (`logged` lags), the version is from before the log's floor or after the counter (a reset).
 * Otherwise `{version, field1, payload1 or nil, …}`, a nil payload meaning the field was deleted.
 */
export const changesScript = new LuaScript(`
local current = redis.call('GET', KEYS[2])
if not current then return false end
local meta = redis.call('HMGET', KEYS[4], 'logged', 'floor')
if not meta[1] or not meta[2] or tonumber(meta[1]) ~= tonumber(current) then return false end
local since = tonumber(ARGV[1])
if since > tonumber(current) or since < tonumber(meta[2]) then return false end
local most = tonumber(ARGV[2])
local fields = redis.call('ZRANGEBYSCORE', KEYS[3], '(' .. ARGV[1], '+inf', 'LIMIT', 0, most + 1)
if #fields > most then return false end
local reply = {current}
for _, field in ipairs(fields) do
  reply[#reply + 1] = field
  reply[#reply + 1] = redis.call('HGET', KEYS[1], field)
end
return reply
`);

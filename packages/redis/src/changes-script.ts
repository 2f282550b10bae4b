/**
 * The changes since a version, read atomically with the counter. KEYS: as the write script's. ARGV: the
 * version, and the most changes worth answering with (past that a full load is as cheap). Nil when the log
 * cannot answer: no counter, a writer that keeps no log moved it (`logged` lags), the version is before
 * the floor or after the counter (a reset). Else `{version, field1, payload1 or nil, …}` (nil: deleted).
 */
export const changesScript = `
local state = redis.call('MGET', KEYS[2], KEYS[4], KEYS[5])
local current, floor = tonumber(state[1]), tonumber(state[3])
if not current or not floor or current ~= tonumber(state[2]) then return false end
local since = tonumber(ARGV[1])
if since > current or since < floor then return false end
local fields = redis.call('ZRANGEBYSCORE', KEYS[3], '(' .. ARGV[1], '+inf', 'LIMIT', 0, ARGV[2] + 1)
if #fields > tonumber(ARGV[2]) then return false end
local reply = {state[1]}
for _, field in ipairs(fields) do
  reply[#reply + 1] = field
  reply[#reply + 1] = redis.call('HGET', KEYS[1], field)
end
return reply
`;

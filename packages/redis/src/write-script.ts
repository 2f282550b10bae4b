/**
 * Every write as one Lua script: hash change, counter bump, change-log entry and message, atomic, in one
 * round trip. KEYS: hash, counter, change log, logged, floor (see `redisKeys`). ARGV: the channel, the change
 * log's size bound (0: no log), the operation and its arguments: `set` field payload [field payload…],
 * `delete` field, `pop` field, `setdefault` field payload. Returns `{answer, previous, version}` when the
 * counter moved, else `{answer}`: 1 for `set`, 1 or 0 (missing) for `delete`, the removed payload or nil for
 * `pop`, the stored payload for `setdefault`; `previous` is nil when the counter had been lost.
 */
export const writeScript = `
local function bump(fields)
  local version = redis.call('INCR', KEYS[2])
  local previous = version - 1
  if version == 1 then
    -- A lost counter restarts from the server clock in microseconds, far above any count it reached: no ABA.
    local now = redis.call('TIME')
    version, previous = now[1] * 1000000 + now[2], false
    redis.call('SET', KEYS[2], version)
  end
  local size = tonumber(ARGV[2])
  if size > 0 then
    if tonumber(redis.call('SET', KEYS[4], version, 'GET')) ~= previous then
      -- Moved without the log (a Python durabledict, a reset): the log cannot answer for older versions.
      redis.call('DEL', KEYS[3])
      redis.call('SET', KEYS[5], version - 1)
    end
    local added = 0
    for _, field in ipairs(fields) do added = added + redis.call('ZADD', KEYS[3], version, field) end
    local excess = added > 0 and redis.call('ZCARD', KEYS[3]) - size or 0
    if excess > 0 then
      -- A sixteenth more than the excess goes, so a full log is trimmed once per size/16 new keys.
      local cut = excess + math.floor(size / 16)
      redis.call('SET', KEYS[5], redis.call('ZRANGE', KEYS[3], cut - 1, cut - 1, 'WITHSCORES')[2])
      redis.call('ZREMRANGEBYRANK', KEYS[3], 0, cut - 1)
    end
  end
  redis.call('PUBLISH', ARGV[1], version)
  return previous, version
end

local op, field = ARGV[3], ARGV[4]
if op == 'set' then
  local fields = {}
  for i = 4, #ARGV, 2 do
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
    fields[#fields + 1] = ARGV[i]
  end
  return {1, bump(fields)}
end
if op == 'delete' then
  if redis.call('HDEL', KEYS[1], field) == 0 then return {0} end
  return {1, bump({field})}
end
local payload = redis.call('HGET', KEYS[1], field)
if op == 'pop' then
  if not payload then return {false} end
  redis.call('HDEL', KEYS[1], field)
  return {payload, bump({field})}
end
if payload then return {payload} end
redis.call('HSET', KEYS[1], field, ARGV[5])
return {ARGV[5], bump({field})}
`;

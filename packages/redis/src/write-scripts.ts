import { LuaScript } from "./lua-script.js";

/**
 * What every write script shares. KEYS: hash, counter, change log, log meta (see `redisKeys`).
 * ARGV[1]: the channel to publish on; ARGV[2]: the change log's size bound, 0 for no log; ARGV[3…]: the
 * operation's own arguments. `bump` moves the counter, records the changed fields and publishes, inside the
 * same script as the hash change, so value and version move as one atomic step.
 */
const bump = `
local function int(n) return string.format('%.0f', n) end
local function bump(fields)
  local previous = redis.call('GET', KEYS[2])
  if not previous then
    -- A lost or deleted counter restarts from the server clock in microseconds, far above any count
    -- it reached before, so a reader never mistakes the new counter for the version it saw (no ABA).
    local now = redis.call('TIME')
    redis.call('SET', KEYS[2], now[1] .. string.format('%06d', tonumber(now[2])))
  end
  local version = redis.call('INCR', KEYS[2])
  local size = tonumber(ARGV[2])
  if size > 0 then
    local logged = redis.call('HGET', KEYS[4], 'logged')
    if not previous or not logged or tonumber(logged) ~= tonumber(previous) then
      -- Someone moved the counter without logging (a Python durabledict, a reset): the log cannot
      -- answer for versions before this write.
      redis.call('DEL', KEYS[3])
      redis.call('HSET', KEYS[4], 'floor', int(version - 1))
    end
    for _, field in ipairs(fields) do redis.call('ZADD', KEYS[3], int(version), field) end
    redis.call('HSET', KEYS[4], 'logged', int(version))
    local excess = redis.call('ZCARD', KEYS[3]) - size
    if excess > 0 then
      local cut = redis.call('ZRANGE', KEYS[3], excess - 1, excess - 1, 'WITHSCORES')
      redis.call('ZREMRANGEBYRANK', KEYS[3], 0, excess - 1)
      if tonumber(cut[2]) > tonumber(redis.call('HGET', KEYS[4], 'floor')) then
        redis.call('HSET', KEYS[4], 'floor', cut[2])
      end
    end
  end
  redis.call('PUBLISH', ARGV[1], int(version))
  return previous or false, version
end
`;

/** ARGV[3]: field, ARGV[4]: payload. Returns `{previous, version}`. */
export const persistScript = new LuaScript(`${bump}
redis.call('HSET', KEYS[1], ARGV[3], ARGV[4])
local previous, version = bump({ARGV[3]})
return {previous, version}
`);

/** ARGV[3…]: field, payload pairs. Returns `{previous, version}`. */
export const persistManyScript = new LuaScript(`${bump}
local fields = {}
for i = 3, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  fields[#fields + 1] = ARGV[i]
end
local previous, version = bump(fields)
return {previous, version}
`);

/** ARGV[3]: field. Returns `{0}` when it was missing (no bump), else `{1, previous, version}`. */
export const depersistScript = new LuaScript(`${bump}
if redis.call('HDEL', KEYS[1], ARGV[3]) == 0 then return {0} end
local previous, version = bump({ARGV[3]})
return {1, previous, version}
`);

/** ARGV[3]: field. Returns nil when it was missing (no bump), else `{payload, previous, version}`. */
export const popScript = new LuaScript(`${bump}
local payload = redis.call('HGET', KEYS[1], ARGV[3])
if not payload then return false end
redis.call('HDEL', KEYS[1], ARGV[3])
local previous, version = bump({ARGV[3]})
return {payload, previous, version}
`);

/**
 * ARGV[3]: field, ARGV[4]: payload. Returns `{0, existing}` when the field exists (no bump), else
 * `{1, payload, previous, version}`.
 */
export const setdefaultScript = new LuaScript(`${bump}
local existing = redis.call('HGET', KEYS[1], ARGV[3])
if existing then return {0, existing} end
redis.call('HSET', KEYS[1], ARGV[3], ARGV[4])
local previous, version = bump({ARGV[3]})
return {1, ARGV[4], previous, version}
`);

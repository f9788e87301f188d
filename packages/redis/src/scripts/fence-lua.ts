/**
 * The write fence, run by `put` and `putWrites` before their first write, in the same script,
 * so nothing can change the lease or the latest pointer between the check and the write.
 * KEYS[8] is the thread's lease key (see `RedisKeyLayout.scriptKeys`).
 *
 * `fence_refusal(token, check_parent, e, parent, has_parent, id)` returns "lease" when
 * `token` is set and is not the thread's live lease (an expired lease key is gone), "parent"
 * when `check_parent` is "1" and the namespace's latest checkpoint is neither the put's parent
 * (none, for a put without parent) nor the checkpoint itself (a retried put), else nil.
 */
export const FENCE_LUA = `
local K_LEASE = KEYS[8]
local function fence_refusal(token, check_parent, e, parent, has_parent, id)
  if token ~= "" and redis.call("GET", K_LEASE) ~= token then return "lease" end
  if check_parent == "1" then
    local latest = redis.call("HGET", K_NS, e)
    if latest ~= id then
      if has_parent == "1" then
        if latest ~= parent then return "parent" end
      elseif latest then
        return "parent"
      end
    end
  end
  return nil
end
`;

/** Thread lease scripts: each one command on KEYS[8], conditional on the token where it must be. */
export const ACQUIRE_LEASE_LUA = `
if redis.call("SET", KEYS[8], ARGV[1], "NX", "PX", ARGV[2]) then return 1 end
return 0
`;

export const RENEW_LEASE_LUA = `
if redis.call("GET", KEYS[8]) ~= ARGV[1] then return 0 end
redis.call("PEXPIRE", KEYS[8], ARGV[2])
return 1
`;

export const RELEASE_LEASE_LUA = `
if redis.call("GET", KEYS[8]) ~= ARGV[1] then return 0 end
redis.call("DEL", KEYS[8])
return 1
`;

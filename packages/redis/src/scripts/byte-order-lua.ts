/**
 * `bytes_after(a, b)`: whether string `a` sorts after `b` byte by byte (as Redis orders equal
 * scores), without Lua's `<`, which follows the server's locale.
 */
export const BYTES_AFTER_LUA = `
local function bytes_after(a, b)
  local n = math.min(#a, #b)
  for i = 1, n do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x > y end
  end
  return #a > #b
end
`;

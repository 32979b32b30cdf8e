-- wrk script: POST /v1/messages/decide for random pre-seeded subjects: a
-- marketing email (newsletter) per request, as a campaign sender would ask.
-- Environment: TACT_KEY (secret key), BENCH_SUBJECTS (how many were seeded).
-- Requests are formatted once per thread in init() and then cycled.
local key = os.getenv("TACT_KEY") or ""
local n = tonumber(os.getenv("BENCH_SUBJECTS") or "2000")
local reqs = {}
local i = 0

function init(args)
  local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key}
  for k = 1, 4096 do
    local s = math.random(1, n)
    local body = '{"subject":"bench_sub_' .. s .. '","channel":"email","purpose":"marketing.newsletter",' ..
                 '"category":"newsletter","priority":"marketing"}'
    reqs[k] = wrk.format("POST", "/v1/messages/decide", headers, body)
  end
end

function request()
  i = i % #reqs + 1
  return reqs[i]
end

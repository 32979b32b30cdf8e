-- wrk script: POST /v1/decide for random pre-seeded subjects.
-- Environment: TACT_KEY (secret key), BENCH_SUBJECTS (how many were seeded).
-- Requests are formatted once per thread in init() and then cycled, so wrk
-- spends its CPU on the connections, not on building strings.
local key = os.getenv("TACT_KEY") or ""
local n = tonumber(os.getenv("BENCH_SUBJECTS") or "2000")
local purposes = {"marketing.newsletter", "marketing.offers", "analytics.measurement",
                  "orders.updates", "partners.sharing", "ads.personalised"}
local reqs = {}
local i = 0

function init(args)
  local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key}
  for k = 1, 4096 do
    local s = math.random(1, n)
    local p = purposes[math.random(1, #purposes)]
    local body = '{"subject":"bench_sub_' .. s .. '","purpose":"' .. p .. '","channel":"email"}'
    reqs[k] = wrk.format("POST", "/v1/decide", headers, body)
  end
end

function request()
  i = i % #reqs + 1
  return reqs[i]
end

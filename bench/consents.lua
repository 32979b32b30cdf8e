-- wrk script: POST /v1/consents, a new subject on every request
-- (thread id + per-thread counter + a run tag, so runs never collide).
-- Environment: TACT_KEY (secret key), BENCH_TAG (unique per run).
local key = os.getenv("TACT_KEY") or ""
local tag = os.getenv("BENCH_TAG") or "r"
local threads = {}
local counter = 0
local prefix = ""
local headers = nil

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  prefix = '{"subject":"w_' .. tag .. '_' .. tostring(tid) .. '_'
  headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key}
end

function request()
  counter = counter + 1
  local body = prefix .. counter ..
      '","choices":[{"purpose":"marketing.newsletter","state":"granted"},' ..
      '{"purpose":"analytics.measurement","state":"denied"}]}'
  return wrk.format("POST", "/v1/consents", headers, body)
end

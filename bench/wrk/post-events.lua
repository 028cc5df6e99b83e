-- wrk script that posts pre-signed Privyr events to POST /privyr/events, each event once.
--
-- Usage: wrk -t T -c C -d DURATION -s bench/wrk/post-events.lua URL -- FILE T [FIRST [COUNT]]
--
-- FILE comes from `java bench/LoadDriver.java --write-events FILE ...`: one "<X-Signature><TAB><body>" line per
-- event. T must equal wrk's -t, because a thread cannot learn the thread count from wrk. Thread k posts the events
-- FIRST + k, FIRST + k + T, ... below FIRST + COUNT, in file order. Once a thread has sent all of its events it
-- sends GET /_bench/done, to which the runtime responds 404 without touching the store, and it stops when the
-- responses to all of its events have arrived. wrk itself still runs until -d ends or it gets SIGINT.
--
-- done() prints one line for scripts: "WRK posted=... accepted=... duplicate=... other=... first_post_ms=...
-- last_response_ms=... duration_s=... p50_ms=... p99_ms=... max_ms=...", with times in epoch milliseconds from
-- CLOCK_REALTIME, so they compare with the GHL stub's arrival times.

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
]]
local CLOCK_REALTIME = 0
local timespec = ffi.new("bench_timespec")

local function now_ms()
  ffi.C.clock_gettime(CLOCK_REALTIME, timespec)
  return tonumber(timespec.tv_sec) * 1000 + tonumber(timespec.tv_nsec) / 1e6
end

-- Setup and done run in wrk's main Lua state. Each thread has its own state for init, request and response.
local threads = {}

function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

local requests = {}
local next_request = 1
local done_request
local verified = false

function init(args)
  local file, thread_count = args[1], tonumber(args[2])
  local first, count = tonumber(args[3] or "0"), tonumber(args[4] or "-1")
  if file == nil or thread_count == nil then
    error("expected arguments after --: FILE THREADS [FIRST [COUNT]]")
  end
  local handle = assert(io.open(file, "r"))
  local line_number = 0
  for line in handle:lines() do
    local index = line_number - first
    if index >= 0 and (count < 0 or index < count) and index % thread_count == thread_index then
      local tab = line:find("\t", 1, true)
      if tab == nil then
        error(file .. " line " .. (line_number + 1) .. " has no tab between signature and body")
      end
      local headers = {
        ["Content-Type"] = "application/json",
        ["X-Signature"] = line:sub(1, tab - 1),
      }
      table.insert(requests, wrk.format("POST", "/privyr/events", headers, line:sub(tab + 1)))
    end
    line_number = line_number + 1
  end
  handle:close()
  done_request = wrk.format("GET", "/_bench/done")
  -- wrk calls request() once on thread 0 before the run to check the script, and that call must not use up an event.
  verified = thread_index ~= 0
  posted, accepted, duplicate, other = 0, 0, 0, 0
  first_post_ms, last_response_ms = 0, 0
end

-- Each GET /_bench/done waits 50 ms, so a thread whose events are all sent does not flood the runtime with them
-- while it waits for its last responses.
function delay()
  if next_request > #requests then
    return 50
  end
  return 0
end

function request()
  if not verified then
    verified = true
    return requests[next_request] or done_request
  end
  local next = requests[next_request]
  if next == nil then
    return done_request
  end
  if next_request == 1 then
    first_post_ms = now_ms()
  end
  next_request = next_request + 1
  posted = posted + 1
  return next
end

function response(status)
  if status == 404 then
    return
  end
  if status == 202 then
    accepted = accepted + 1
  elseif status == 200 then
    duplicate = duplicate + 1
  else
    other = other + 1
  end
  last_response_ms = now_ms()
  if accepted + duplicate + other == #requests then
    wrk.thread:stop()
  end
end

function done(summary, latency)
  local totals = { posted = 0, accepted = 0, duplicate = 0, other = 0 }
  local first, last = nil, 0
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + thread:get(name)
    end
    local started = thread:get("first_post_ms")
    if started > 0 and (first == nil or started < first) then
      first = started
    end
    last = math.max(last, thread:get("last_response_ms"))
  end
  io.write(string.format(
    "WRK posted=%d accepted=%d duplicate=%d other=%d first_post_ms=%.0f last_response_ms=%.0f duration_s=%.3f "
      .. "p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    totals.posted, totals.accepted, totals.duplicate, totals.other, first or 0, last, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end

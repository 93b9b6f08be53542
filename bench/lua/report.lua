-- Shared by every wrk script of the benchmarks: counts answers that are not 2xx (wrk itself counts only
-- statuses above 399), optionally stops a thread after a number of answers, and prints one JSON line of the
-- run's figures from done(), which bench/wrk.py reads.

local threads = {}
local next_id = 0

function setup(thread)
   thread:set("id", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end

non2xx = 0
answered = 0
statuses = {}
status_list = ""
local stop_after = tonumber(os.getenv("BENCH_STOP_AFTER") or "0")
local pause_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "0")

function response(status, headers, body)
   answered = answered + 1
   if status < 200 or status > 299 then
      non2xx = non2xx + 1
      statuses[status] = (statuses[status] or 0) + 1
      -- Kept as a string: thread:get copies strings between Lua states, so done() can read it.
      local parts = {}
      for code, count in pairs(statuses) do
         table.insert(parts, code .. ":" .. count)
      end
      status_list = table.concat(parts, ",")
   end
   if stop_after > 0 and answered >= stop_after then
      wrk.thread:stop()
   end
end

if pause_ms > 0 then
   -- A fixed pause before each request of a connection: with C connections the rate stays under
   -- C * 1000 / pause_ms requests/s (a light, steady load; wrk has no constant-rate mode).
   function delay()
      return pause_ms
   end
end

function done(summary, latency, requests)
   local bad, total, codes = 0, 0, {}
   for _, thread in ipairs(threads) do
      bad = bad + (thread:get("non2xx") or 0)
      total = total + (thread:get("answered") or 0)
      for code, count in string.gmatch(thread:get("status_list") or "", "(%d+):(%d+)") do
         codes[code] = (codes[code] or 0) + tonumber(count)
      end
   end
   local shown = {}
   for code, count in pairs(codes) do
      table.insert(shown, '"' .. code .. '": ' .. count)
   end
   local e = summary.errors
   io.write(string.format(
      'BENCH_JSON {"requests": %d, "answered": %d, "non2xx": %d, "statuses": {%s}, "duration_us": %d, "bytes": %d, ' ..
      '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
      '"latency_us": {"p50": %d, "p90": %d, "p99": %d, "p999": %d, "max": %d, "mean": %.1f}}\n',
      summary.requests, total, bad, table.concat(shown, ", "), summary.duration, summary.bytes,
      e.connect, e.read, e.write, e.status, e.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
      latency.max, latency.mean))
end

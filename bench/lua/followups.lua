-- The peer's W1: add a follow-up to a ticket picked at random (a fixed sequence per thread) through
-- django-helpdesk's REST API, with a REST framework token, as an API client would.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local first = tonumber(os.getenv("BENCH_FIRST_TICKET"))
local tickets = tonumber(os.getenv("BENCH_TICKETS"))
local headers = {
   ["Authorization"] = "Token " .. os.getenv("BENCH_TOKEN"),
   ["Content-Type"] = "application/json",
}
local sent = 0

function init(args)
   math.randomseed(1000 + (id or 0))
end

function request()
   sent = sent + 1
   local ticket = first + math.random(tickets) - 1
   local body = '{"ticket": ' .. ticket .. ', "comment": "Order ' .. sent ..
      ' has not arrived yet, can you check?", "public": true}'
   return wrk.format("POST", "/helpdesk/api/followups/", headers, body)
end

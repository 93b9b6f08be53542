-- W1 ingest: POST an incoming message to a conversation picked at random (a fixed sequence per thread, so
-- Chatlake and the baseline get the same one), with the API access token, as an API client would.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local account = os.getenv("BENCH_ACCOUNT_ID")
local conversations = tonumber(os.getenv("BENCH_CONVERSATIONS"))
local first = tonumber(os.getenv("BENCH_FIRST_CONVERSATION") or "1")
local headers = {
   ["api_access_token"] = os.getenv("BENCH_TOKEN"),
   ["Content-Type"] = "application/json",
}
local sent = 0

function init(args)
   math.randomseed(1000 + (id or 0))
end

function request()
   sent = sent + 1
   local display_id = first + math.random(conversations) - 1
   local path = "/api/v1/accounts/" .. account .. "/conversations/" .. display_id .. "/messages"
   local body = '{"content": "Order ' .. sent .. ' has not arrived yet, can you check?", "message_type": "incoming"}'
   return wrk.format("POST", path, headers, body)
end

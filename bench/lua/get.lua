-- W2: GET one path (BENCH_PATH) with the API access token, as an API client would.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local request_bytes = wrk.format("GET", os.getenv("BENCH_PATH"), {["api_access_token"] = os.getenv("BENCH_TOKEN")})

function request()
   return request_bytes
end

-- wrk script for scripts/load_test.sh: each connection cycles over the
-- routes listed one a line in $ROUTES_FILE, starting at a different one, and
-- the summary counts non-2xx answers (wrk counts only >= 400 as errors).
local routes = {}
for line in io.lines(os.getenv("ROUTES_FILE")) do
    if line ~= "" then
        routes[#routes + 1] = line
    end
end

local counter = 0
local threads = {}

function setup(thread)
    thread:set("id", counter)
    counter = counter + 1
    table.insert(threads, thread)
end

function init(args)
    i = id
    not_2xx = 0
end

function request()
    i = i + 1
    return wrk.format("GET", routes[(i % #routes) + 1])
end

function response(status, headers, body)
    if status < 200 or status > 299 then
        not_2xx = not_2xx + 1
    end
end

function done(summary, latency, requests)
    local bad = 0
    for _, t in ipairs(threads) do
        bad = bad + t:get("not_2xx")
    end
    io.write(string.format("requests %d, non-2xx %d, socket errors %d\n",
        summary.requests, bad,
        summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
    io.write(string.format("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f\n",
        latency:percentile(50) / 1000, latency:percentile(90) / 1000,
        latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000))
    if bad > 0 then
        io.write("Non-2xx responses counted by the script: " .. bad .. "\n")
    end
end

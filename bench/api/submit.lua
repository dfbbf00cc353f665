-- POST /api/v1/jobs, each with an Idempotency-Key of its own (run, thread, counter): every request creates a job.
local auth = "Bearer " .. os.getenv("SLIMFIT_BENCH_KEY")
local run = os.getenv("SLIMFIT_BENCH_RUN")
local body = '{"method":"UNIFORM","searchSpace":"fmnist-small","dataset":"fashion-mnist","budget":{"params":1000000}}'
local threads = 0
local counter = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function request()
  counter = counter + 1
  return wrk.format("POST", "/api/v1/jobs", {
    ["Authorization"] = auth,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = run .. "-" .. tid .. "-" .. counter,
  }, body)
end

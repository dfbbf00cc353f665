-- GET /api/v1/jobs/{id} for ids drawn at random from the file named by the first script argument.
local ids = {}
local auth = "Bearer " .. os.getenv("SLIMFIT_BENCH_KEY")
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  math.randomseed(os.time() * 100 + tid)
  for line in io.lines(args[1]) do ids[#ids + 1] = line end
end

function request()
  return wrk.format("GET", "/api/v1/jobs/" .. ids[math.random(#ids)], { ["Authorization"] = auth })
end

-- GET /api/v1/jobs?size=20: one request in four is the first page, the others continue from a cursor drawn at
-- random from the file named by the first script argument (cursors at every depth of the 100,000 jobs).
local cursors = {}
local auth = "Bearer " .. os.getenv("SLIMFIT_BENCH_KEY")
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  math.randomseed(os.time() * 100 + tid)
  for line in io.lines(args[1]) do cursors[#cursors + 1] = line end
end

function request()
  local path = "/api/v1/jobs?size=20"
  if math.random(4) > 1 then
    path = path .. "&cursor=" .. cursors[math.random(#cursors)]
  end
  return wrk.format("GET", path, { ["Authorization"] = auth })
end

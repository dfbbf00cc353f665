package dev.slimfit.api.job;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.slimfit.api.device.DeviceDirectory;
import dev.slimfit.api.error.ApiException;
import dev.slimfit.api.latency.LatencyTables;
import dev.slimfit.core.contract.Budget;
import dev.slimfit.core.contract.JobResult;
import dev.slimfit.core.contract.JobSpec;
import dev.slimfit.core.contract.JobStatus;
import dev.slimfit.core.contract.MethodCatalog;
import dev.slimfit.core.cost.BudgetCost;
import dev.slimfit.core.cost.NetworkCost;
import dev.slimfit.core.decode.Decoded;
import dev.slimfit.core.decode.InfeasibleBudgetException;
import dev.slimfit.core.decode.WidthDecoder;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;

/**
 * Re-decodes a finished job of a re-decodable method (OWS, AOWS: see {@link MethodCatalog}) for another budget or
 * device from its stored unaries: one trained supernet answers every budget, so this takes milliseconds and no
 * training. The budget maps to its cost table through {@link BudgetCost#of} and decodes with {@link WidthDecoder},
 * exactly as in the worker (same decoder, same policy for widths the search never sampled), so a re-decode at the
 * job's own budget gives the job's own widths.
 */
@Service
class DecodeService {

    record DecodeRequest(@jakarta.validation.Valid @jakarta.validation.constraints.NotNull
                         CreateJobRequest.BudgetRequest budget) {
    }

    record DecodeResponse(List<Integer> widths, long macs, long params, double cost, String costUnit,
                          double budget, Double predictedLatencyMs, double unaryScore, double decodeMillis) {
    }

    private final JobRepository jobs;
    private final JobMapper mapper;
    private final SearchSpaceRegistry spaces;
    private final DeviceDirectory devices;
    private final LatencyTables latencyTables;

    DecodeService(JobRepository jobs, JobMapper mapper, SearchSpaceRegistry spaces, DeviceDirectory devices,
                  LatencyTables latencyTables) {
        this.jobs = jobs;
        this.mapper = mapper;
        this.spaces = spaces;
        this.devices = devices;
        this.latencyTables = latencyTables;
    }

    @Transactional(readOnly = true)
    DecodeResponse decode(UUID teamId, UUID jobId, CreateJobRequest.BudgetRequest request) {
        Job job = jobs.findByIdAndTeamId(jobId, teamId).orElseThrow(() -> ApiException.notFound("job " + jobId));
        JobSpec spec = mapper.spec(job);
        if (!MethodCatalog.of(spec.method()).redecodable()) {
            throw ApiException.conflict("not-decodable", "only jobs of " + redecodable() + " keep a supernet "
                    + "to re-decode; this one is " + spec.method());
        }
        JobResult result = job.status() == JobStatus.SUCCEEDED ? mapper.toResponse(job).result() : null;
        if (result == null || result.unaries() == null) {
            throw ApiException.conflict("not-decodable", "job " + jobId + " is " + job.status()
                    + "; it can be re-decoded once it SUCCEEDED");
        }
        SearchSpace space = spaces.find(spec.searchSpace()).orElseThrow();
        long started = System.nanoTime();
        UUID latencyTableId = null;
        Budget budget;
        if (count(request) != 1) {
            throw ApiException.invalid("budget", "set exactly one of latencyMs (with deviceId), macs, params");
        } else if (request.macs() != null) {
            budget = Budget.ofMacs(request.macs());
        } else if (request.params() != null) {
            budget = Budget.ofParams(request.params());
        } else if (request.latencyMs() != null) {
            if (request.deviceId() == null) {
                throw ApiException.invalid("budget.deviceId", "a latency budget needs the device it is measured on");
            }
            DeviceDirectory.DeviceInfo device = devices.resolve(request.deviceId()).orElseThrow(() ->
                    ApiException.invalid("budget.deviceId", "unknown device '" + request.deviceId() + "'"));
            LatencyTables.ReadyTable ready = latencyTables.ready(device.id(), space.name()).orElseThrow(() ->
                    ApiException.invalid("budget.deviceId", "device " + device.name() + " has no READY latency "
                            + "table for " + space.name() + "; request one with POST /api/v1/latency-tables"));
            latencyTableId = ready.tableId();
            budget = Budget.ofLatency(request.latencyMs(), device.id().toString());
        } else {
            throw ApiException.invalid("budget.averageMacs", "an averageMacs budget is for early-exit (ENAS4D) "
                    + "networks, which are not re-decoded from unaries");
        }
        BudgetCost cost;
        try {
            // The worker's decode: the device's table with its residual model where it has one.
            cost = latencyTableId != null ? latencyTables.budget(latencyTableId, budget)
                    : BudgetCost.of(budget, space, null);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("budget", e.getMessage());
        }
        WidthDecoder decoder = new WidthDecoder(space, cost);
        Decoded decoded;
        try {
            WidthDecoder.requireFeasible(space, cost);
            decoded = decoder.decode(unaries(result.unaries()));
        } catch (InfeasibleBudgetException e) {
            throw ApiException.invalid("budget." + cost.field(), "infeasible: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.conflict("not-decodable", "the stored unaries of job " + jobId + " do not fit "
                    + space.name() + ": " + e.getMessage());
        }
        int[] widths = decoder.widths(decoded);
        double millis = (System.nanoTime() - started) / 1e6;
        return new DecodeResponse(Arrays.stream(widths).boxed().toList(), NetworkCost.macs(space, widths),
                NetworkCost.params(space, widths), decoded.cost(), cost.unit(), cost.limit(),
                cost.latencyTable() == null ? null : cost.latencyTable().predictMs(widths), decoded.unaryScore(),
                millis);
    }

    private static int count(CreateJobRequest.BudgetRequest b) {
        int set = 0;
        for (Object value : new Object[] {b.latencyMs(), b.macs(), b.params(), b.averageMacs()}) {
            if (value != null) {
                set++;
            }
        }
        return set;
    }

    private static String redecodable() {
        return MethodCatalog.all().stream().filter(MethodCatalog.Entry::redecodable)
                .map(e -> e.method().name()).toList().toString();
    }

    private static double[][] unaries(List<List<Double>> stored) {
        double[][] out = new double[stored.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = stored.get(i).stream().mapToDouble(v -> v == null ? Double.NaN : v).toArray();
        }
        return out;
    }
}

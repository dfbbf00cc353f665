package dev.slimfit.api.job;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.slimfit.api.device.DeviceDirectory;
import dev.slimfit.api.error.ApiException;
import dev.slimfit.api.latency.LatencyTables;
import dev.slimfit.core.contract.JobResult;
import dev.slimfit.core.contract.JobSpec;
import dev.slimfit.core.contract.JobStatus;
import dev.slimfit.core.contract.SearchMethod;
import dev.slimfit.core.cost.ChainCostTable;
import dev.slimfit.core.cost.CostTables;
import dev.slimfit.core.cost.NetworkCost;
import dev.slimfit.core.decode.BudgetDecode;
import dev.slimfit.core.decode.ChainProblem;
import dev.slimfit.core.decode.ExactBudgetDecoder;
import dev.slimfit.core.decode.UnknownWidthPolicy;
import dev.slimfit.core.latency.LatencyTable;
import dev.slimfit.core.space.ConfigurationValidator;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;

/**
 * Re-decodes a finished OWS/AOWS job for another budget or device from its stored unaries: one trained supernet
 * answers every budget, so this takes milliseconds and no training. Widths the search never sampled are excluded.
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
    DecodeResponse decode(UUID teamId, UUID jobId, CreateJobRequest.BudgetRequest budget) {
        Job job = jobs.findByIdAndTeamId(jobId, teamId).orElseThrow(() -> ApiException.notFound("job " + jobId));
        JobSpec spec = mapper.spec(job);
        if (spec.method() != SearchMethod.AOWS && spec.method() != SearchMethod.OWS) {
            throw ApiException.conflict("not-decodable", "only OWS and AOWS jobs keep a supernet to re-decode; "
                    + "this one is " + spec.method());
        }
        JobResult result = job.status() == JobStatus.SUCCEEDED ? mapper.toResponse(job).result() : null;
        if (result == null || result.unaries() == null) {
            throw ApiException.conflict("not-decodable", "job " + jobId + " is " + job.status()
                    + "; it can be re-decoded once it SUCCEEDED");
        }
        SearchSpace space = spaces.find(spec.searchSpace()).orElseThrow();
        long started = System.nanoTime();
        ChainCostTable table;
        String unit;
        double limit;
        LatencyTable latency = null;
        if (budget.macs() != null && budget.params() == null && budget.latencyMs() == null) {
            table = CostTables.macs(space);
            unit = "macs";
            limit = budget.macs();
        } else if (budget.params() != null && budget.macs() == null && budget.latencyMs() == null) {
            table = CostTables.params(space);
            unit = "params";
            limit = budget.params();
        } else if (budget.latencyMs() != null && budget.macs() == null && budget.params() == null) {
            if (budget.deviceId() == null) {
                throw ApiException.invalid("budget.deviceId", "a latency budget needs the device it is measured on");
            }
            DeviceDirectory.DeviceInfo device = devices.resolve(budget.deviceId()).orElseThrow(() ->
                    ApiException.invalid("budget.deviceId", "unknown device '" + budget.deviceId() + "'"));
            LatencyTables.ReadyTable ready = latencyTables.ready(device.id(), space.name()).orElseThrow(() ->
                    ApiException.invalid("budget.deviceId", "device " + device.name() + " has no READY latency "
                            + "table for " + space.name() + "; request one with POST /api/v1/latency-tables"));
            latency = latencyTables.table(ready.tableId());
            table = latency.toCostTable();
            unit = "ms";
            limit = budget.latencyMs();
        } else {
            throw ApiException.invalid("budget", "set exactly one of latencyMs (with deviceId), macs, params");
        }
        ChainProblem problem = ChainProblem.of(unaries(result.unaries()), table, UnknownWidthPolicy.exclude());
        BudgetDecode decoded = ExactBudgetDecoder.atResolution(0.005).decode(problem, limit);
        if (decoded instanceof BudgetDecode.Infeasible infeasible) {
            throw ApiException.invalid("budget." + (unit.equals("ms") ? "latencyMs" : unit), "infeasible: the "
                    + "cheapest configuration the search explored costs " + infeasible.minimumCost() + " " + unit);
        }
        BudgetDecode.Feasible feasible = (BudgetDecode.Feasible) decoded;
        int[] widths = ConfigurationValidator.widths(space, feasible.decoded().choices());
        double millis = (System.nanoTime() - started) / 1e6;
        return new DecodeResponse(java.util.Arrays.stream(widths).boxed().toList(), NetworkCost.macs(space, widths),
                NetworkCost.params(space, widths), feasible.decoded().cost(), unit, limit,
                latency == null ? null : latency.predictMs(widths), feasible.decoded().unaryScore(), millis);
    }

    private static double[][] unaries(List<List<Double>> stored) {
        double[][] out = new double[stored.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = stored.get(i).stream().mapToDouble(v -> v == null ? Double.NaN : v).toArray();
        }
        return out;
    }
}

package dev.slimfit.api.job;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.slimfit.api.device.DeviceDirectory;
import dev.slimfit.api.error.ApiException;
import dev.slimfit.api.latency.LatencyTables;
import dev.slimfit.core.contract.Budget;
import dev.slimfit.core.contract.JobSpec;
import dev.slimfit.core.contract.SearchMethod;
import dev.slimfit.core.contract.TrainingSettings;
import dev.slimfit.core.cost.NetworkCost;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;

/**
 * Checks what Bean Validation cannot: known method, space and dataset, exactly one budget kind, and a budget the
 * space can meet at all. Each failure is a 422 naming the field; defaults fill what the request left out.
 */
@Component
class JobSpecValidator {

    static final int DEFAULT_EPOCHS = 10;
    static final int DEFAULT_FINAL_EPOCHS = 2;
    static final int DEFAULT_BATCH_SIZE = 64;
    static final int DEFAULT_PRIORITY = 5;

    /**
     * A request that passed every check. For a latency budget, {@code device} is set and {@code latencyTable}
     * holds the device's READY table for the space when there is one.
     */
    record Validated(JobSpec spec, SearchSpace space, DeviceDirectory.DeviceInfo device,
                     Optional<LatencyTables.ReadyTable> latencyTable) {
    }

    private final SearchSpaceRegistry spaces;
    private final DeviceDirectory devices;
    private final LatencyTables latencyTables;

    JobSpecValidator(SearchSpaceRegistry spaces, DeviceDirectory devices, LatencyTables latencyTables) {
        this.spaces = spaces;
        this.devices = devices;
        this.latencyTables = latencyTables;
    }

    Validated validate(CreateJobRequest request) {
        SearchMethod method = parseMethod(request.method());
        SearchSpace space = spaces.find(request.searchSpace()).orElseThrow(() -> ApiException.invalid("searchSpace",
                "unknown search space '" + request.searchSpace() + "'; known: " + spaceNames()));
        DatasetCatalog.problemWith(request.dataset(), space).ifPresent(problem -> {
            throw ApiException.invalid("dataset", problem);
        });
        Budget requested = budget(request.budget(), method, space);
        Budget budget = requested;
        DeviceDirectory.DeviceInfo device = null;
        Optional<LatencyTables.ReadyTable> table = Optional.empty();
        if (budget.kind() == Budget.Kind.LATENCY) {
            device = devices.resolve(requested.deviceId()).orElseThrow(() -> ApiException.invalid(
                    "budget.deviceId", "unknown device '" + requested.deviceId() + "'; see GET /api/v1/devices"));
            if (device.revoked()) {
                throw ApiException.invalid("budget.deviceId", "device " + device.name() + " is revoked");
            }
            table = latencyTables.ready(device.id(), space.name());
            if (table.isPresent() && budget.latencyMs() < table.get().minLatencyMs()) {
                throw ApiException.invalid("budget.latencyMs", "infeasible: " + budget.latencyMs() + " ms is below "
                        + "the fastest configuration of '" + space.name() + "' on " + device.name() + ", which "
                        + "takes " + table.get().minLatencyMs() + " ms by its latency table");
            }
            budget = Budget.ofLatency(budget.latencyMs(), device.id().toString());
        }
        JobSpec spec = new JobSpec(method, space.name(), request.dataset(), budget, training(request.training()),
                request.priority() == null ? DEFAULT_PRIORITY : request.priority());
        return new Validated(spec, space, device, table);
    }

    private static SearchMethod parseMethod(String method) {
        try {
            return SearchMethod.valueOf(method.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("method",
                    "unknown method '" + method + "'; one of " + Arrays.toString(SearchMethod.values()));
        }
    }

    private static Budget budget(CreateJobRequest.BudgetRequest b, SearchMethod method, SearchSpace space) {
        List<String> set = new ArrayList<>();
        if (b.latencyMs() != null) {
            set.add("latencyMs");
        }
        if (b.macs() != null) {
            set.add("macs");
        }
        if (b.params() != null) {
            set.add("params");
        }
        if (b.averageMacs() != null) {
            set.add("averageMacs");
        }
        if (set.isEmpty()) {
            throw ApiException.invalid("budget", "set exactly one of latencyMs (with deviceId), macs, params, "
                    + "averageMacs");
        }
        if (set.size() > 1) {
            throw ApiException.invalid("budget." + set.get(1), "set exactly one budget, not " + String.join(" and ",
                    set));
        }
        if (b.latencyMs() != null) {
            if (b.latencyMs().isNaN() || b.latencyMs().isInfinite()) {
                throw ApiException.invalid("budget.latencyMs", "must be a finite number of milliseconds");
            }
            if (b.deviceId() == null || b.deviceId().isBlank()) {
                throw ApiException.invalid("budget.deviceId", "a latency budget needs the device it is measured on");
            }
        } else if (b.deviceId() != null) {
            throw ApiException.invalid("budget.deviceId", "deviceId only goes with a latencyMs budget");
        }
        if ((method == SearchMethod.ENAS4D) != (b.averageMacs() != null)) {
            throw method == SearchMethod.ENAS4D
                    ? ApiException.invalid("budget.averageMacs", "ENAS4D searches under an averageMacs budget")
                    : ApiException.invalid("budget.averageMacs", "averageMacs is for ENAS4D early-exit networks");
        }
        int[] smallest = space.smallest();
        if (b.macs() != null) {
            long minMacs = NetworkCost.macs(space, smallest);
            if (b.macs() < minMacs) {
                throw ApiException.invalid("budget.macs", "infeasible: " + b.macs() + " MACs is below the smallest "
                        + "configuration of '" + space.name() + "', which needs at least " + minMacs + " MACs");
            }
            return Budget.ofMacs(b.macs());
        }
        if (b.params() != null) {
            long minParams = NetworkCost.params(space, smallest);
            if (b.params() < minParams) {
                throw ApiException.invalid("budget.params", "infeasible: " + b.params() + " parameters is below the "
                        + "smallest configuration of '" + space.name() + "', which needs at least " + minParams
                        + " parameters");
            }
            return Budget.ofParams(b.params());
        }
        if (b.averageMacs() != null) {
            return Budget.ofAverageMacs(b.averageMacs());
        }
        return Budget.ofLatency(b.latencyMs(), b.deviceId().trim());
    }

    private static TrainingSettings training(CreateJobRequest.TrainingRequest t) {
        if (t == null) {
            return new TrainingSettings(DEFAULT_EPOCHS, DEFAULT_FINAL_EPOCHS, DEFAULT_BATCH_SIZE, 0L, null);
        }
        return new TrainingSettings(
                t.epochs() == null ? DEFAULT_EPOCHS : t.epochs(),
                t.finalEpochs() == null ? DEFAULT_FINAL_EPOCHS : t.finalEpochs(),
                t.batchSize() == null ? DEFAULT_BATCH_SIZE : t.batchSize(),
                t.seed() == null ? 0L : t.seed(),
                t.trainImages());
    }

    private String spaceNames() {
        return spaces.all().stream().map(SearchSpace::name).toList().toString();
    }
}

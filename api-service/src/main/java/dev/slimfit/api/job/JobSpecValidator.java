package dev.slimfit.api.job;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import dev.slimfit.api.config.ApiProperties;
import dev.slimfit.api.device.DeviceDirectory;
import dev.slimfit.api.error.ApiException;
import dev.slimfit.api.latency.LatencyTables;
import dev.slimfit.core.contract.Budget;
import dev.slimfit.core.contract.DatasetReference;
import dev.slimfit.core.contract.JobSpec;
import dev.slimfit.core.contract.MethodCatalog;
import dev.slimfit.core.contract.SearchMethod;
import dev.slimfit.core.contract.TrainingSettings;
import dev.slimfit.core.cost.NetworkCost;
import dev.slimfit.core.cost.StagedCost;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import dev.slimfit.core.space.SpaceKind;
import dev.slimfit.core.space.staged.StagedSpace;
import dev.slimfit.core.space.staged.StagedSpaces;

/**
 * Checks what Bean Validation cannot: a known and implemented method ({@link MethodCatalog}), a space and a
 * budget kind that method takes, a dataset in search-core's one grammar ({@link DatasetReference}) that fits the
 * space and, for a {@code folder:} dataset, lies inside one of the configured {@code slimfit.api.dataset-roots},
 * exactly one budget kind, and a budget the space can meet at all. Each failure is a 422 naming the field;
 * defaults fill what the request left out.
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

    /** Every space the registry offers is a chain of width choices; multi-stage spaces come from StagedSpaces. */
    private static final SpaceKind SPACE_KIND = SpaceKind.CHAIN;
    private static final Map<String, Budget.Kind> KINDS = Map.of("latencyMs", Budget.Kind.LATENCY,
            "macs", Budget.Kind.MACS, "params", Budget.Kind.PARAMS, "averageMacs", Budget.Kind.AVERAGE_MACS);
    private static final Map<Budget.Kind, String> KIND_FIELDS = Map.of(Budget.Kind.LATENCY, "latencyMs",
            Budget.Kind.MACS, "macs", Budget.Kind.PARAMS, "params", Budget.Kind.AVERAGE_MACS, "averageMacs");

    private final SearchSpaceRegistry spaces;
    private final DeviceDirectory devices;
    private final LatencyTables latencyTables;
    /** Normalised absolute folders a {@code folder:} dataset must lie inside; empty refuses every folder. */
    private final List<Path> datasetRoots;

    JobSpecValidator(SearchSpaceRegistry spaces, DeviceDirectory devices, LatencyTables latencyTables,
                     ApiProperties properties) {
        this.spaces = spaces;
        this.devices = devices;
        this.latencyTables = latencyTables;
        List<Path> roots = new ArrayList<>();
        for (String root : properties.datasetRoots()) {
            String trimmed = root.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!trimmed.startsWith("/") || trimmed.contains("..")) {
                throw new IllegalStateException("slimfit.api.dataset-roots takes absolute paths without '..', not '"
                        + root + "'");
            }
            roots.add(Path.of(trimmed).normalize());
        }
        this.datasetRoots = List.copyOf(roots);
    }

    Validated validate(CreateJobRequest request) {
        SearchMethod method = parseMethod(request.method());
        MethodCatalog.Entry entry = MethodCatalog.of(method);
        if (!entry.implemented()) {
            throw ApiException.invalid("method", method + " is not implemented yet; available: "
                    + MethodCatalog.implemented().stream().map(Enum::name).collect(Collectors.joining(", ")));
        }
        Optional<StagedSpace> staged = StagedSpaces.find(request.searchSpace());
        if (staged.isPresent()) {
            return validateStaged(request, entry, staged.get());
        }
        SearchSpace space = spaces.find(request.searchSpace()).orElseThrow(() -> ApiException.invalid("searchSpace",
                "unknown search space '" + request.searchSpace() + "'; known: " + spaceNames()));
        if (!entry.accepts(SPACE_KIND)) {
            throw ApiException.invalid("searchSpace", method + " searches " + entry.spaceKinds() + " spaces; '"
                    + space.name() + "' is a " + SPACE_KIND + " space");
        }
        DatasetReference dataset;
        try {
            dataset = DatasetReference.parse(request.dataset());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("dataset", e.getMessage());
        }
        if (!dataset.isFashionMnist()) {
            checkDatasetRoot(dataset.folder());
        }
        dataset.problemWith(space).ifPresent(problem -> {
            throw ApiException.invalid("dataset", problem);
        });
        Budget requested = budget(request.budget(), entry, space, null);
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
            if (table.isEmpty()) {
                Optional<LatencyTables.ReadyTable> low = latencyTables.lowQuality(device.id(), space.name());
                if (low.isPresent() && !budget.acceptsLowQualityTable()) {
                    throw ApiException.invalid("budget.acceptLowQualityTable", "the latency table of '"
                            + space.name() + "' on " + device.name() + " (" + low.get().tableId() + ") is "
                            + "LOW_QUALITY: " + low.get().lowQualityReason() + ". Set budget.acceptLowQualityTable "
                            + "to true to search on it anyway, or request a new table with POST "
                            + "/api/v1/latency-tables");
                }
                table = low;
            }
            if (table.isPresent() && budget.latencyMs() < table.get().minLatencyMs()) {
                throw ApiException.invalid("budget.latencyMs", "infeasible: " + budget.latencyMs() + " ms is below "
                        + "the fastest configuration of '" + space.name() + "' on " + device.name() + ", which "
                        + "takes " + table.get().minLatencyMs() + " ms by its latency table");
            }
            budget = Budget.ofLatency(budget.latencyMs(), device.id().toString(), budget.acceptsLowQualityTable());
        }
        TrainingSettings training = training(request.training());
        if (method == SearchMethod.DNAL && training.epochs() < 2) {
            throw ApiException.invalid("training.epochs", "DNAL splits its search epochs between training the weights "
                    + "and training the gates, so it needs at least 2; got " + training.epochs());
        }
        JobSpec spec = new JobSpec(method, space.name(), dataset.toString(), budget, training,
                request.priority() == null ? DEFAULT_PRIORITY : request.priority());
        return new Validated(spec, space, device, table);
    }

    /**
     * A job on a multi-stage space: the method must search such spaces (ENAS4D), the dataset must fit its input,
     * and the budget is an average-MAC count that at least the cheapest way out meets (the smallest configuration at
     * the largest resolution, where workers search, with every image leaving at the first exit).
     */
    private Validated validateStaged(CreateJobRequest request, MethodCatalog.Entry entry, StagedSpace space) {
        if (!entry.accepts(SpaceKind.MULTI_STAGE)) {
            throw ApiException.invalid("searchSpace", entry.method() + " searches " + entry.spaceKinds()
                    + " spaces; '" + space.name() + "' is a " + SpaceKind.MULTI_STAGE + " space");
        }
        DatasetReference dataset;
        try {
            dataset = DatasetReference.parse(request.dataset());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("dataset", e.getMessage());
        }
        if (!dataset.isFashionMnist()) {
            checkDatasetRoot(dataset.folder());
        } else if (space.inputChannels() != 1 || space.maxResolution() != 28 || space.classCount() != 10) {
            throw ApiException.invalid("dataset", "fashion-mnist is 28x28x1 with 10 classes, but multi-stage space '"
                    + space.name() + "' expects " + space.maxResolution() + "x" + space.maxResolution() + "x"
                    + space.inputChannels() + " with " + space.classCount() + " classes");
        }
        Budget budget = budget(request.budget(), entry, null, space);
        JobSpec spec = new JobSpec(entry.method(), space.name(), dataset.toString(), budget,
                training(request.training()), request.priority() == null ? DEFAULT_PRIORITY : request.priority());
        return new Validated(spec, null, null, Optional.empty());
    }

    /** A folder dataset must lie inside (or be) one of the configured roots, compared path component by component. */
    private void checkDatasetRoot(Path folder) {
        if (datasetRoots.isEmpty()) {
            throw ApiException.invalid("dataset", "folder datasets are disabled on this server: no dataset roots "
                    + "are configured; use 'fashion-mnist', or have the operator allow folders with "
                    + "slimfit.api.dataset-roots (SLIMFIT_DATASET_ROOTS, e.g. /data)");
        }
        for (Path root : datasetRoots) {
            if (folder.startsWith(root)) {
                return;
            }
        }
        throw ApiException.invalid("dataset", "folder " + folder + " is outside the allowed dataset roots "
                + datasetRoots.stream().map(Path::toString).collect(Collectors.joining(", "))
                + "; put the dataset under one of them, or have the operator add its folder to "
                + "slimfit.api.dataset-roots (SLIMFIT_DATASET_ROOTS)");
    }

    private static SearchMethod parseMethod(String method) {
        try {
            return SearchMethod.valueOf(method.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("method",
                    "unknown method '" + method + "'; one of " + Arrays.toString(SearchMethod.values()));
        }
    }

    /** Exactly one budget of a kind the method takes, feasible in {@code space} or {@code staged} (one is null). */
    private static Budget budget(CreateJobRequest.BudgetRequest b, MethodCatalog.Entry method, SearchSpace space,
                                 StagedSpace staged) {
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
        } else if (b.acceptLowQualityTable() != null) {
            throw ApiException.invalid("budget.acceptLowQualityTable", "acceptLowQualityTable only goes with a "
                    + "latencyMs budget: other budgets use no latency table");
        }
        Budget.Kind kind = KINDS.get(set.get(0));
        if (!method.accepts(kind)) {
            List<String> taken = method.budgetKinds().stream().map(KIND_FIELDS::get).toList();
            String takes = taken.size() == 1 ? taken.get(0) : String.join(", ", taken.subList(0, taken.size() - 1))
                    + " or " + taken.get(taken.size() - 1);
            throw ApiException.invalid("budget." + set.get(0), method.method() + " searches under a budget of "
                    + takes + ", not " + set.get(0));
        }
        if (staged != null) {
            StagedSpace searched = new StagedSpace(staged.name(), staged.description(), staged.inputChannels(),
                    staged.classCount(), List.of(staged.maxResolution()), staged.stem(), staged.stages());
            long minimum = StagedCost.cumulativeMacs(searched, searched.smallest(), 0);
            if (b.averageMacs() < minimum) {
                throw ApiException.invalid("budget.averageMacs", "infeasible: " + b.averageMacs() + " average MACs"
                        + " is below the cheapest way out of '" + staged.name() + "' (its smallest configuration"
                        + " with every image leaving at the first exit), which needs " + minimum + " MACs");
            }
            return Budget.ofAverageMacs(b.averageMacs());
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
        return Budget.ofLatency(b.latencyMs(), b.deviceId().trim(), Boolean.TRUE.equals(b.acceptLowQualityTable()));
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
        List<String> names = new ArrayList<>(spaces.all().stream().map(SearchSpace::name).toList());
        StagedSpaces.builtIn().forEach(staged -> names.add(staged.name()));
        return names.toString();
    }
}

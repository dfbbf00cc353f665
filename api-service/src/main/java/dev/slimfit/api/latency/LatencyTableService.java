package dev.slimfit.api.latency;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.slimfit.api.config.ApiProperties;
import dev.slimfit.api.device.DeviceDirectory;
import dev.slimfit.api.error.ApiException;
import dev.slimfit.core.latency.LatencyTable;
import dev.slimfit.core.sample.ActiveSampler;
import dev.slimfit.core.sample.CoverageSampler;
import dev.slimfit.core.sample.UniformSampler;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;

/**
 * Creates latency tables and their profiling tasks: FIT configurations from the coverage-biased sampler (each
 * covers the least-measured cells), VALIDATION ones uniform so the held-out figures are unbiased.
 */
@Service
class LatencyTableService {

    /** Timings each of the narrowest and the widest network get for the noise-floor check. */
    static final int EXTREME_TIMINGS = 4;
    /** Resampled networks near a wanted budget are predicted within this many percent of it. */
    static final int BUDGET_BAND_PERCENT = 10;

    private final DeviceLatencyTableRepository tables;
    private final ProfilingTaskStore tasks;
    private final DeviceDirectory devices;
    private final SearchSpaceRegistry spaces;
    private final LatencyTableViews views;
    private final ApiProperties properties;
    private final LatencyQualityProperties quality;
    private final Clock clock;
    private final JdbcClient jdbc;
    private final ObjectProvider<LatencyBudgets> budgets;

    LatencyTableService(DeviceLatencyTableRepository tables, ProfilingTaskStore tasks, DeviceDirectory devices,
                        SearchSpaceRegistry spaces, LatencyTableViews views, ApiProperties properties,
                        LatencyQualityProperties quality, Clock clock, JdbcClient jdbc,
                        ObjectProvider<LatencyBudgets> budgets) {
        this.budgets = budgets;
        this.quality = quality;
        this.jdbc = jdbc;
        this.tables = tables;
        this.tasks = tasks;
        this.devices = devices;
        this.spaces = spaces;
        this.views = views;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional
    LatencyTableDtos.TableView create(LatencyTableDtos.CreateTableRequest request) {
        DeviceDirectory.DeviceInfo device = devices.find(request.deviceId())
                .orElseThrow(() -> ApiException.invalid("deviceId", "unknown device " + request.deviceId()));
        if (device.revoked()) {
            throw ApiException.invalid("deviceId", "device " + device.name() + " is revoked");
        }
        SearchSpace space = spaces.find(request.searchSpace()).orElseThrow(() -> ApiException.invalid(
                "searchSpace", "unknown search space '" + request.searchSpace() + "'"));
        return views.summary(createTable(device, space, request.batchSize(), request.samples(),
                request.validationSamples()));
    }

    /**
     * Creates a PROFILING table and its tasks in the caller's transaction: FIT, VALIDATION and REPEAT (the first
     * validation configurations again, then the narrowest and the widest network {@value #EXTREME_TIMINGS} times
     * each, so the median of each is steady enough to compare their difference with one timing's noise). All tasks are
     * created at once and claimed in id order, so the three kinds interleave in time.
     */
    DeviceLatencyTable createTable(DeviceDirectory.DeviceInfo device, SearchSpace space, int batchSize, int samples,
                                   int validationSamples) {
        lockDeviceSpace(device.id(), space.name());
        int version = tables.latestVersion(device.id(), device.runtime(), space.name(), batchSize) + 1;
        int repeatedValidation = Math.min(quality.repeatSamples(), validationSamples);
        int repeats = quality.repeatSamples() == 0 ? 0 : repeatedValidation + 2 * EXTREME_TIMINGS;
        DeviceLatencyTable table = tables.saveAndFlush(new DeviceLatencyTable(UUID.randomUUID(), device.id(),
                device.runtime(), space.name(), batchSize, version, samples, validationSamples, repeats,
                clock.instant()));
        // Seeded by the table id: the plan is reproducible from what is stored.
        Random random = new Random(table.id().getMostSignificantBits());
        addTasks(table, TaskKind.FIT, new CoverageSampler(space, random).next(samples));
        List<int[]> validation = new UniformSampler(space, random).next(validationSamples);
        addTasks(table, TaskKind.VALIDATION, validation);
        if (repeats > 0) {
            List<int[]> repeat = new ArrayList<>(validation.subList(0, repeatedValidation));
            for (int k = 0; k < EXTREME_TIMINGS; k++) {
                repeat.add(space.smallest());
                repeat.add(space.largest());
            }
            addTasks(table, TaskKind.REPEAT, repeat);
        }
        return table;
    }

    /**
     * Another profiling round for a table that missed the quality bar (caller's transaction; the table is
     * FITTING): {@link LatencyQualityProperties#resampleShare()} times its current FIT count more FIT
     * configurations, picked by the active
     * sampler where the current design leaves the prediction most uncertain (half of them, when jobs wait for the
     * table with latency budgets, among networks the current fit predicts within ±{@value #BUDGET_BAND_PERCENT}% of
     * those budgets: where their decodes will land), and the same share of uniform VALIDATION ones. Seeded by the
     * table id and the round.
     */
    void addRound(DeviceLatencyTable table, SearchSpace space, LatencyTable current, String fitJson, String reason) {
        int round = table.resampleRounds() + 1;
        int fit = Math.max(1, (int) Math.round(table.samples() * quality.resampleShare()));
        int validation = Math.max(1, (int) Math.round(table.validationSamples() * quality.resampleShare()));
        Random random = new Random(table.id().getMostSignificantBits() + 31L * round);
        ActiveSampler active = new ActiveSampler(space, random);
        tasks.measurements(table.id(), TaskKind.FIT).forEach(m ->
                active.observe(m.widths().stream().mapToInt(Integer::intValue).toArray()));
        List<Double> budgets = budgets(table.deviceId(), space.name());
        int near = budgets.isEmpty() ? 0 : fit / 2;
        List<int[]> configurations = new ArrayList<>(active.nextNear(current, budgets, BUDGET_BAND_PERCENT / 100.0,
                near));
        configurations.addAll(active.next(fit - near));
        addTasks(table, TaskKind.FIT, configurations);
        addTasks(table, TaskKind.VALIDATION, new UniformSampler(space, random).next(validation));
        table.resample(fit, validation, fitJson, reason, clock.instant());
    }

    private List<Double> budgets(java.util.UUID deviceId, String space) {
        return budgets.orderedStream().flatMap(b -> b.wantedMs(deviceId, space).stream()).toList();
    }

    private void addTasks(DeviceLatencyTable table, TaskKind kind, List<int[]> configurations) {
        int size = properties.profilingTaskSize();
        for (int from = 0; from < configurations.size(); from += size) {
            List<int[]> chunk = new ArrayList<>(configurations.subList(from,
                    Math.min(configurations.size(), from + size)));
            tasks.insert(UUID.randomUUID(), table.id(), table.deviceId(), kind, chunk);
        }
    }

    /** Serialises table creation per (device, space) until the transaction ends: no duplicate versions. */
    void lockDeviceSpace(UUID deviceId, String space) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(:key))").param("key", deviceId + "/" + space)
                .query(Object.class).optional();
    }

    @Transactional(readOnly = true)
    LatencyTableDtos.TableDetail detail(UUID id) {
        return views.detail(find(id));
    }

    @Transactional(readOnly = true)
    List<LatencyTableDtos.TableView> forDevice(UUID deviceId) {
        if (devices.find(deviceId).isEmpty()) {
            throw ApiException.notFound("device " + deviceId);
        }
        return tables.findByDeviceIdOrderByCreatedAtDesc(deviceId).stream().map(views::summary).toList();
    }

    DeviceLatencyTable find(UUID id) {
        return tables.findById(id).orElseThrow(() -> ApiException.notFound("latency table " + id));
    }
}

package dev.slimfit.api.latency;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.slimfit.api.config.ApiProperties;
import dev.slimfit.api.device.DeviceDirectory;
import dev.slimfit.core.cost.BudgetCost;
import dev.slimfit.core.latency.LatencyTable;
import dev.slimfit.core.latency.LatencyTableDocument;
import dev.slimfit.core.latency.ResidualModel;
import dev.slimfit.core.space.SearchSpace;

/** What the job feature may ask of latency tables. */
@Component
public class LatencyTables {

    /**
     * A fitted table of a device for a space, with the fastest latency any configuration reaches;
     * {@code lowQualityReason} is set when the table is LOW_QUALITY (usable only by jobs that accept that).
     */
    public record ReadyTable(UUID tableId, double minLatencyMs, int[] fastestWidths, String lowQualityReason) {

        public ReadyTable(UUID tableId, double minLatencyMs, int[] fastestWidths) {
            this(tableId, minLatencyMs, fastestWidths, null);
        }

        public boolean lowQuality() {
            return lowQualityReason != null;
        }
    }

    private final DeviceLatencyTableRepository tables;
    private final LatencyTableViews views;
    private final LatencyTableService service;
    private final ProfilingTaskStore tasks;
    private final DeviceDirectory devices;
    private final ApiProperties properties;
    private final JdbcClient jdbc;

    LatencyTables(DeviceLatencyTableRepository tables, LatencyTableViews views, LatencyTableService service,
                  ProfilingTaskStore tasks, DeviceDirectory devices, ApiProperties properties, JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.tables = tables;
        this.views = views;
        this.service = service;
        this.tasks = tasks;
        this.devices = devices;
        this.properties = properties;
    }

    @Transactional(readOnly = true)
    public Optional<ReadyTable> ready(UUID deviceId, String searchSpace) {
        return tables.findFirstByDeviceIdAndSearchSpaceAndStatusOrderByReadyAtDesc(deviceId, searchSpace,
                TableStatus.READY).flatMap(t -> views.coreTable(t).map(core -> fastest(t.id(), core)));
    }

    /**
     * The newest LOW_QUALITY table of a device for a space, when nothing better may still come: there is no READY
     * table and none is being profiled or fitted.
     */
    @Transactional(readOnly = true)
    public Optional<ReadyTable> lowQuality(UUID deviceId, String searchSpace) {
        if (tables.existsByDeviceIdAndSearchSpaceAndStatusIn(deviceId, searchSpace,
                List.of(TableStatus.READY, TableStatus.PROFILING, TableStatus.FITTING))) {
            return Optional.empty();
        }
        return tables.findFirstByDeviceIdAndSearchSpaceAndStatusOrderByReadyAtDesc(deviceId, searchSpace,
                TableStatus.LOW_QUALITY).flatMap(t -> views.coreTable(t).map(core -> {
                    ReadyTable fastest = fastest(t.id(), core);
                    return new ReadyTable(t.id(), fastest.minLatencyMs(), fastest.fastestWidths(), t.failureReason());
                }));
    }

    /**
     * Asks the table's device to time one configuration, when its agent is online.
     * @return the verification task, or empty when the device is offline (nothing would answer)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<UUID> requestVerification(UUID tableId, int[] widths) {
        DeviceLatencyTable table = tables.findById(tableId).orElseThrow();
        if (devices.find(table.deviceId()).filter(DeviceDirectory.DeviceInfo::online).isEmpty()) {
            return Optional.empty();
        }
        UUID taskId = UUID.randomUUID();
        tasks.insert(taskId, tableId, table.deviceId(), TaskKind.VERIFY, List.of(widths));
        return Optional.of(taskId);
    }

    /**
     * Where a verification task stands: PENDING or LEASED until the device's agent reports, DONE with the measured
     * latency of its (single) configuration, FAILED when the agent gave up on it.
     */
    public record Verification(UUID taskId, UUID tableId, String status, Double measuredMs) {
    }

    /** A verification task of this table, or empty when there is no such task. */
    @Transactional(readOnly = true)
    public Optional<Verification> verification(UUID tableId, UUID taskId) {
        return tasks.find(taskId).filter(t -> t.kind() == TaskKind.VERIFY && t.tableId().equals(tableId))
                .map(t -> new Verification(t.id(), t.tableId(), t.status().name(),
                        tasks.measurementsOfTask(t.id()).stream().findFirst()
                                .map(ProfilingTaskStore.StoredMeasurement::latencyMs).orElse(null)));
    }

    /** A fitted (READY or LOW_QUALITY) table as search-core's model. */
    @Transactional(readOnly = true)
    public LatencyTable table(UUID tableId) {
        DeviceLatencyTable table = tables.findById(tableId).orElseThrow();
        return views.coreTable(table).orElseThrow(() ->
                new IllegalStateException("latency table " + tableId + " is " + table.status()));
    }

    /** The table's residual model in XGBoost's binary format, when its fit kept one. */
    @Transactional(readOnly = true)
    public Optional<byte[]> residualModel(UUID tableId) {
        return jdbc.sql("SELECT residual_model FROM latency_tables WHERE id = :id").param("id", tableId)
                .query((rs, n) -> rs.getBytes(1)).optional().filter(java.util.Objects::nonNull);
    }

    /** A fitted (READY or LOW_QUALITY) table with its residual model (when it has one), as decodes use it. */
    @Transactional(readOnly = true)
    public BudgetCost budget(UUID tableId, dev.slimfit.core.contract.Budget budget) {
        LatencyTable core = table(tableId);
        BudgetCost cost = BudgetCost.of(budget, core.space(), core);
        try {
            return cost.withResidual(residualModel(tableId).orElse(null));
        } catch (ResidualModel.UnavailableException e) {
            return cost; // XGBoost cannot run here: the table alone decides
        }
    }

    /** A fitted (READY or LOW_QUALITY) table as search-core's wire record, for workers. */
    @Transactional(readOnly = true)
    public LatencyTableDocument document(UUID tableId) {
        return LatencyTableDocument.of(table(tableId));
    }

    /** Requests a table for (device, space) unless one is already being profiled or fitted. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void ensureRequested(DeviceDirectory.DeviceInfo device, SearchSpace space) {
        service.lockDeviceSpace(device.id(), space.name());
        if (!tables.existsByDeviceIdAndSearchSpaceAndStatusIn(device.id(), space.name(),
                List.of(TableStatus.PROFILING, TableStatus.FITTING))) {
            service.createTable(device, space, properties.defaultLatencyBatchSize(),
                    properties.defaultLatencySamples(), properties.defaultLatencyValidationSamples());
        }
    }

    private static ReadyTable fastest(UUID tableId, LatencyTable table) {
        LatencyExtremes.Extreme fastest = LatencyExtremes.fastest(table);
        return new ReadyTable(tableId, fastest.latencyMs(), fastest.widths());
    }
}

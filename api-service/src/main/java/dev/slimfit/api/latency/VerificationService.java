package dev.slimfit.api.latency;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.slimfit.api.error.ApiException;
import dev.slimfit.api.space.Widths;
import dev.slimfit.core.latency.LatencyTable;

/** Checks a READY table against fresh measurements of chosen configurations on its device. */
@Service
class VerificationService {

    private final LatencyTableService tables;
    private final LatencyTableViews views;
    private final ProfilingTaskStore tasks;
    private final TransactionTemplate transactions;

    VerificationService(LatencyTableService tables, LatencyTableViews views, ProfilingTaskStore tasks,
                        TransactionTemplate transactions) {
        this.tables = tables;
        this.views = views;
        this.tasks = tasks;
        this.transactions = transactions;
    }

    /** Queues the measurements for the table's device and answers the verification as it stands now. */
    LatencyTableDtos.Verification start(UUID tableId, LatencyTableDtos.VerifyRequest request) {
        UUID taskId = transactions.execute(tx -> {
            DeviceLatencyTable table = tables.find(tableId);
            LatencyTable fitted = views.coreTable(table).orElseThrow(() -> ApiException.conflict("table-not-ready",
                    "table " + tableId + " is " + table.status() + "; only a READY table can be verified"));
            List<int[]> configurations = new ArrayList<>();
            for (int i = 0; i < request.configurations().size(); i++) {
                configurations.add(Widths.validated(fitted.space(), request.configurations().get(i),
                        "configurations[" + i + "]"));
            }
            UUID id = UUID.randomUUID();
            tasks.insert(id, tableId, table.deviceId(), TaskKind.VERIFY, configurations);
            return id;
        });
        return get(tableId, taskId);
    }

    /** The device has measured every configuration. */
    static boolean done(LatencyTableDtos.Verification v) {
        return v.status().equals("DONE");
    }

    LatencyTableDtos.Verification get(UUID tableId, UUID verificationId) {
        return transactions.execute(tx -> {
            ProfilingTaskStore.Task task = tasks.find(verificationId)
                    .filter(t -> t.tableId().equals(tableId) && t.kind() == TaskKind.VERIFY)
                    .orElseThrow(() -> ApiException.notFound("verification " + verificationId));
            LatencyTable fitted = views.coreTable(tables.find(tableId)).orElseThrow();
            Map<Integer, ProfilingTaskStore.StoredMeasurement> measured = tasks.measurementsOfTask(task.id())
                    .stream().collect(Collectors.toMap(ProfilingTaskStore.StoredMeasurement::index,
                            Function.identity()));
            List<LatencyTableDtos.Comparison> comparisons = new ArrayList<>();
            double errorSum = 0;
            int errorCount = 0;
            for (int i = 0; i < task.configurations().size(); i++) {
                List<Integer> widths = task.configurations().get(i);
                double predicted = fitted.predictMs(widths.stream().mapToInt(Integer::intValue).toArray());
                ProfilingTaskStore.StoredMeasurement m = measured.get(i);
                Double error = m == null ? null : 100 * (predicted - m.latencyMs()) / m.latencyMs();
                if (error != null) {
                    errorSum += Math.abs(error);
                    errorCount++;
                }
                comparisons.add(new LatencyTableDtos.Comparison(widths, predicted,
                        m == null ? null : m.latencyMs(), error));
            }
            return new LatencyTableDtos.Verification(task.id(), tableId, task.status().name(), comparisons,
                    errorCount == 0 ? null : errorSum / errorCount);
        });
    }
}

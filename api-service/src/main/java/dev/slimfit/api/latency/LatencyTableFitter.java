package dev.slimfit.api.latency;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.slimfit.core.latency.FitOptions;
import dev.slimfit.core.latency.FitQuality;
import dev.slimfit.core.latency.FitResult;
import dev.slimfit.core.latency.LatencyFitter;
import dev.slimfit.core.latency.Measurement;
import dev.slimfit.core.latency.ResidualModel;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;

/**
 * Fits tables whose measurements are all in. A FITTING table is locked with SKIP LOCKED while it is fitted, so with
 * several API replicas each table is fitted once; a replica that dies mid-fit releases the lock and another
 * picks the table up on its next pass.
 */
@Component
class LatencyTableFitter {

    private static final Logger log = LoggerFactory.getLogger(LatencyTableFitter.class);
    /** The residual model's seed: a table refitted on the same timings gets the same model. */
    private static final long RESIDUAL_SEED = 7;

    private final JdbcClient jdbc;
    private final DeviceLatencyTableRepository tables;
    private final ProfilingTaskStore tasks;
    private final LatencyTableViews views;
    private final SearchSpaceRegistry spaces;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final LatencyTableService service;
    private final LatencyQualityProperties quality;
    private final Clock clock;

    LatencyTableFitter(JdbcClient jdbc, DeviceLatencyTableRepository tables, ProfilingTaskStore tasks,
                       LatencyTableViews views, SearchSpaceRegistry spaces, TransactionTemplate transactions,
                       ApplicationEventPublisher events, LatencyTableService service, LatencyQualityProperties quality,
                       Clock clock) {
        this.service = service;
        this.quality = quality;
        this.jdbc = jdbc;
        this.tables = tables;
        this.tasks = tasks;
        this.views = views;
        this.spaces = spaces;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${slimfit.api.fit-poll-millis:500}")
    void fitPending() {
        while (Boolean.TRUE.equals(transactions.execute(tx -> fitOne()))) {
            // keep going while there is work
        }
    }

    private boolean fitOne() {
        Optional<UUID> next = jdbc.sql("""
                SELECT id FROM latency_tables WHERE status = 'FITTING' ORDER BY updated_at
                LIMIT 1 FOR UPDATE SKIP LOCKED""").query(UUID.class).optional();
        if (next.isEmpty()) {
            return false;
        }
        DeviceLatencyTable table = tables.findById(next.get()).orElseThrow();
        try {
            SearchSpace space = spaces.find(table.searchSpace()).orElseThrow(() ->
                    new IllegalStateException("search space " + table.searchSpace() + " is no longer offered"));
            List<Measurement> training = measurements(table.id(), TaskKind.FIT);
            List<Measurement> validation = measurements(table.id(), TaskKind.VALIDATION);
            List<Measurement> repeat = measurements(table.id(), TaskKind.REPEAT);
            List<Measurement> all = new java.util.ArrayList<>(training);
            all.addAll(validation);
            all.addAll(repeat);
            FitOptions options = FitOptions.defaults();
            FitResult fit = LatencyFitter.fit(space, training, validation, options);
            Residual residual = residual(fit, training, validation);
            LatencyQualityGate.Verdict verdict = LatencyQualityGate.judge(quality, fit,
                    LatencyQualityGate.repeats(space, validation, repeat, all), table.batchSize());
            boolean roundsLeft = table.resampleRounds() < quality.maxResampleRounds();
            if (verdict.passed()) {
                table.ready(views.entriesJson(fit.table()), views.write(figures(fit, training.size(),
                        validation.size(), verdict, table.resampleRounds(), residual.figures())), clock.instant());
                tables.saveAndFlush(table);
                storeResidual(table.id(), residual);
                log.info("latency table {} READY: {} training, {} validation samples, NRMSE {}%", table.id(),
                        training.size(), validation.size(), fit.validation().nrmsePercent());
                events.publishEvent(new LatencyTableEvents.Ready(table.id(), table.deviceId(), table.searchSpace()));
            } else if (roundsLeft && !verdict.noiseFloor()) {
                // More of the same timings cannot lift a range out of the noise, so only misfits are resampled.
                service.addRound(table, space, fit.table(), views.write(figures(fit, training.size(), validation.size(), verdict,
                        table.resampleRounds(), residual.figures())), "resampling: " + verdict.reason());
                tables.saveAndFlush(table);
                log.info("latency table {} missed the quality bar, resampling round {}: {}", table.id(),
                        table.resampleRounds(), verdict.reason());
            } else {
                table.lowQuality(views.entriesJson(fit.table()), views.write(figures(fit, training.size(),
                        validation.size(), verdict, table.resampleRounds(), residual.figures())), verdict.reason(),
                        clock.instant());
                tables.saveAndFlush(table);
                storeResidual(table.id(), residual);
                log.warn("latency table {} LOW_QUALITY after {} resampling rounds: {}", table.id(),
                        table.resampleRounds(), verdict.reason());
                events.publishEvent(new LatencyTableEvents.LowQuality(table.id(), table.deviceId(),
                        table.searchSpace(), verdict.reason()));
            }
        } catch (RuntimeException e) {
            log.error("fitting latency table {} failed", table.id(), e);
            table.fail("fit failed: " + e.getMessage(), clock.instant());
            tables.saveAndFlush(table);
            events.publishEvent(new LatencyTableEvents.Failed(table.id(), table.deviceId(), table.searchSpace(),
                    table.failureReason()));
        }
        return true;
    }

    private List<Measurement> measurements(UUID tableId, TaskKind kind) {
        return tasks.measurements(tableId, kind).stream()
                .map(m -> new Measurement(m.widths().stream().mapToInt(Integer::intValue).toArray(), m.latencyMs()))
                .toList();
    }

    /** A fitted residual model (null when none is kept) and its figures for the table's view. */
    private record Residual(ResidualModel model, LatencyTableDtos.ResidualFigures figures) {
    }

    /**
     * The table's residual model on the same training timings, kept only where it improves the held-out figures
     * ({@link ResidualModel#improves}). A machine where XGBoost cannot run fits tables without one, and says so.
     */
    private static Residual residual(FitResult fit, List<Measurement> training, List<Measurement> validation) {
        FitQuality plain = FitQuality.evaluate(fit.table(), validation);
        try {
            Optional<ResidualModel> trained = ResidualModel.train(fit.table(), training, RESIDUAL_SEED);
            if (trained.isEmpty()) {
                return unused(plain, "fewer than " + ResidualModel.MIN_TRAINING + " training timings");
            }
            ResidualModel model = trained.get();
            FitQuality corrected = FitQuality.evaluate(model::predictMs, validation);
            boolean used = ResidualModel.improves(plain, corrected);
            return new Residual(used ? model : null, new LatencyTableDtos.ResidualFigures(used, model.rounds(),
                    corrected.nrmsePercent(), corrected.within5PercentShare(), corrected.within10PercentShare(),
                    plain.nrmsePercent(), plain.within5PercentShare(), plain.within10PercentShare(),
                    used ? "improves the held-out figures: decodes are checked against it near the budget"
                            : "does not improve the held-out figures: not used"));
        } catch (ResidualModel.UnavailableException e) {
            log.warn("latency table fitted without a residual model: {}", e.getMessage());
            return unused(plain, e.getMessage());
        }
    }

    /** No residual model: the table's own figures and why. */
    private static Residual unused(FitQuality plain, String note) {
        return new Residual(null, new LatencyTableDtos.ResidualFigures(false, null, null, null, null,
                plain.nrmsePercent(), plain.within5PercentShare(), plain.within10PercentShare(), note));
    }

    private void storeResidual(UUID tableId, Residual residual) {
        jdbc.sql("UPDATE latency_tables SET residual_model = :model WHERE id = :id")
                .param("model", residual.model() == null ? null : residual.model().toBytes())
                .param("id", tableId).update();
    }

    private static LatencyTableDtos.FitFigures figures(FitResult fit, int trainingCount, int validationCount,
                                                       LatencyQualityGate.Verdict verdict, int rounds,
                                                       LatencyTableDtos.ResidualFigures residual) {
        LatencyQualityGate.Repeats r = verdict.repeats();
        return new LatencyTableDtos.FitFigures(trainingCount, validationCount, fit.penaltyK(),
                fit.validation().rmseMs(), fit.validation().nrmsePercent(), fit.validation().within5PercentShare(),
                fit.validation().within10PercentShare(), fit.training().nrmsePercent(),
                fit.table().cells().unknownCount(), fit.table().unobservedCount(), fit.trainingOutliers(),
                fit.validationOutliers(), fit.validationAll().nrmsePercent(), r.ceilingPairs(),
                r.ceilingNrmsePercent(), r.ceilingWithin5(), r.ceilingWithin10(), r.noisePercent(), r.narrowestMs(),
                r.widestMs(), rounds, verdict.passed(), residual);
    }
}

package dev.slimfit.api.job;

import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.slimfit.api.latency.LatencyBudgets;

/** The latency budgets of jobs waiting for a device's table: where its next measurements are most useful. */
@Component
class WaitingBudgets implements LatencyBudgets {

    private final JdbcClient jdbc;

    WaitingBudgets(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Double> wantedMs(UUID deviceId, String searchSpace) {
        return jdbc.sql("SELECT DISTINCT (spec -> 'budget' ->> 'latencyMs')::double precision FROM jobs WHERE "
                + LatencyReadiness.WAITING_FOR_TABLE + " AND spec -> 'budget' ->> 'latencyMs' IS NOT NULL")
                .param("device", deviceId.toString()).param("space", searchSpace).query(Double.class).list();
    }
}

package dev.slimfit.api.error;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

import dev.slimfit.api.config.OutageProperties;

/**
 * Recognises "the database cannot be reached" among exceptions and answers it as a 503 problem with
 * {@code Retry-After}: the request was fine, the server cannot serve it now, and the client should retry. Without
 * this, an outage surfaced as a 500 after the pool's 30 s wait. A pool that stays exhausted for its whole
 * connection timeout (every connection busy under overload) looks the same to the caller and gets the same
 * answer: shedding that load with a 503 and a retry hint is what such a server should do. Recognised anywhere in the cause chain: Spring's
 * resource failures (no connection from the pool), the JDBC connection exception types, PostgreSQL's SQL states
 * for a broken connection (class 08), a server shutting down or starting (57P01-57P03) and too many connections
 * (53300), and the pool's own "Connection is closed" ({@link #closedByPool}).
 */
@Component
public class DatabaseOutage {

    private static final String TYPE = "database-unavailable";

    private final OutageProperties properties;
    private final ProblemWriter writer;

    DatabaseOutage(OutageProperties properties, ProblemWriter writer) {
        this.properties = properties;
        this.writer = writer;
    }

    /** Whether {@code error} (or anything it was caused by) says the database is unreachable. */
    public static boolean causedBy(Throwable error) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = error; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException || t instanceof SQLRecoverableException
                    || "org.hibernate.exception.JDBCConnectionException".equals(t.getClass().getName())) {
                return true;
            }
            if (t instanceof SQLException sql && (unavailableState(sql.getSQLState()) || closedByPool(sql))) {
                return true;
            }
        }
        return false;
    }

    /**
     * HikariCP's "Connection is closed", without a SQL state: a pooled connection that broke (the database went
     * away mid-transaction) and was evicted, then used once more by the rollback. Spring reports that failed
     * rollback and drops the I/O error that caused it, so the pool's message is all that is left to go by.
     */
    static boolean closedByPool(SQLException e) {
        StackTraceElement[] trace = e.getStackTrace();
        return "Connection is closed".equals(e.getMessage()) && trace.length > 0
                && trace[0].getClassName().startsWith("com.zaxxer.hikari.");
    }

    static boolean unavailableState(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03") || state.equals("53300"));
    }

    /** The 503 problem (without its header; see {@link #retryAfterSeconds}). */
    public ProblemDetail problem() {
        return Problems.of(503, TYPE, "Service unavailable", "the database cannot be reached or has no free "
                + "connection just now; retry after " + retryAfterSeconds() + " s (a submit with the same "
                + "Idempotency-Key, so that it cannot be applied twice)", null);
    }

    public long retryAfterSeconds() {
        return properties.retryAfterSeconds();
    }

    /** Writes the 503 straight to a response, for filters that run before any controller. */
    public void write(HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds()));
        writer.write(response, problem());
    }
}

package dev.slimfit.api.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;

class DatabaseOutageTest {

    @Test
    void connectionFailuresAnywhereInTheChainAreOutages() {
        assertThat(DatabaseOutage.causedBy(new CannotCreateTransactionException("no connection",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available")))).isTrue();
        assertThat(DatabaseOutage.causedBy(new RuntimeException("wrapped",
                new SQLException("An I/O error occurred while sending to the backend.", "08006")))).isTrue();
        assertThat(DatabaseOutage.causedBy(new SQLException("the database system is starting up", "57P03")))
                .isTrue();
        assertThat(DatabaseOutage.causedBy(new SQLException("too many clients", "53300"))).isTrue();
    }

    @Test
    void thePoolsClosedConnectionCountsOnlyWhenThePoolSaysIt() {
        SQLException fromPool = new SQLException("Connection is closed");
        fromPool.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("com.zaxxer.hikari.pool.ProxyConnection$ClosedConnection", "lambda", null, 1)});
        assertThat(DatabaseOutage.causedBy(new RuntimeException("Unable to rollback against JDBC Connection",
                fromPool))).isTrue();
        SQLException elsewhere = new SQLException("Connection is closed");
        elsewhere.setStackTrace(new StackTraceElement[] {new StackTraceElement("com.example.Pool", "get", null, 1)});
        assertThat(DatabaseOutage.causedBy(elsewhere)).isFalse();
    }

    @Test
    void theCallersMistakesAndOtherFailuresAreNot() {
        assertThat(DatabaseOutage.causedBy(new DataIntegrityViolationException("duplicate key",
                new SQLException("duplicate key value violates unique constraint", "23505")))).isFalse();
        assertThat(DatabaseOutage.causedBy(new IllegalStateException("bug"))).isFalse();
        assertThat(DatabaseOutage.causedBy(null)).isFalse();
    }
}

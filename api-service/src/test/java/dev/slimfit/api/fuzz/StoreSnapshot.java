package dev.slimfit.api.fuzz;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.sql.DataSource;

/**
 * What the API has stored, as a row count and a hash of every row per table, read in one query: every table of
 * the schema (so a table a later migration adds is watched too) except Flyway's history and {@code sweep_runs},
 * which the API's own background sweeps rewrite every few hundred milliseconds. Columns that only the background
 * outbox relay writes (when a message was published) are left out for the same reason; nothing a request does
 * is in them.
 */
final class StoreSnapshot implements AutoCloseable {

    /** Written by background tasks, never by a request. */
    private static final Set<String> IGNORED_TABLES = Set.of("flyway_schema_history", "sweep_runs");
    private static final Set<String> IGNORED_COLUMNS = Set.of("outbox.published_at", "outbox.attempts",
            "outbox.last_error", "jobs.message_published_at");

    private final Connection connection;
    private final String query;

    StoreSnapshot(DataSource dataSource) throws SQLException {
        this.connection = dataSource.getConnection();
        connection.setAutoCommit(true);
        Map<String, List<String>> columns = new TreeMap<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT c.table_name, c.column_name, c.data_type FROM "
                     + "information_schema.columns c JOIN information_schema.tables t ON t.table_schema = "
                     + "c.table_schema AND t.table_name = c.table_name WHERE c.table_schema = current_schema() "
                     + "AND t.table_type = 'BASE TABLE' ORDER BY c.table_name, c.ordinal_position")) {
            while (rs.next()) {
                String table = rs.getString(1);
                String column = rs.getString(2);
                if (IGNORED_TABLES.contains(table) || IGNORED_COLUMNS.contains(table + "." + column)) {
                    continue;
                }
                String expression = "bytea".equals(rs.getString(3)) ? "md5(\"" + column + "\")" : "\"" + column + "\"";
                columns.computeIfAbsent(table, k -> new ArrayList<>()).add(expression);
            }
        }
        List<String> parts = new ArrayList<>();
        columns.forEach((table, cols) -> parts.add("SELECT '" + table + "', count(*), md5(coalesce(string_agg("
                + "x::text, '|' ORDER BY x::text), '')) FROM (SELECT " + String.join(", ", cols) + " FROM \""
                + table + "\") x"));
        this.query = String.join(" UNION ALL ", parts);
    }

    /** Table names watched. */
    Set<String> tables() throws SQLException {
        return take().keySet();
    }

    /** Per table: "count/hash". */
    Map<String, String> take() throws SQLException {
        Map<String, String> state = new LinkedHashMap<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                state.put(rs.getString(1), rs.getLong(2) + "/" + rs.getString(3));
            }
        }
        return state;
    }

    /** The tables whose rows differ, with their row counts before and after. */
    static List<String> changed(Map<String, String> before, Map<String, String> after) {
        List<String> changed = new ArrayList<>();
        after.forEach((table, state) -> {
            String was = before.get(table);
            if (!state.equals(was)) {
                changed.add(table + " (rows " + (was == null ? "?" : was.split("/")[0]) + " -> "
                        + state.split("/")[0] + ")");
            }
        });
        return changed;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}

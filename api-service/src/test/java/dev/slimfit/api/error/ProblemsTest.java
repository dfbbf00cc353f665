package dev.slimfit.api.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ProblemsTest {

    @Test
    void sanitizeNamesTypesInPlainWordsAndCutsLongText() {
        assertThat(Problems.sanitize("cannot coerce java.lang.String to `int`")).isEqualTo("cannot coerce string to integer");
        assertThat(Problems.sanitize("x".repeat(400))).hasSize(303).endsWith("...");
    }

    @Test
    void aVeryLongValueIsSanitizedAtOnce() {
        // The type patterns backtrack: unbounded, a 60 000-character value took minutes (found by EndpointFuzzIT).
        String value = "y".repeat(200_000);
        long started = System.nanoTime();
        String plain = Problems.sanitize("'" + value + "' is not one of [A, B]");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(plain).hasSize(303).endsWith("...");
    }
}

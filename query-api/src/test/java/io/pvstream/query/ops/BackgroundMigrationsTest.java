package io.pvstream.query.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import io.pvstream.records.db.BackgroundMigrations;

/** Migrations retry in the background until they succeed once, and then stop. */
class BackgroundMigrationsTest {

    @Test
    void failedAttemptsAreRetriedUntilOneSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        try (BackgroundMigrations migrations = new BackgroundMigrations(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("connection refused (test)");
            }
        }, Duration.ofMillis(5), Duration.ofMillis(20))) {
            assertThat(migrations.done()).isFalse();
            migrations.start();
            await().atMost(Duration.ofSeconds(10)).until(migrations::done);
            assertThat(migrations.attempts()).isEqualTo(3);
            assertThat(calls).hasValue(3);
        }
    }

    @Test
    void closingStopsTheRetries() {
        AtomicInteger calls = new AtomicInteger();
        BackgroundMigrations migrations = new BackgroundMigrations(() -> {
            calls.incrementAndGet();
            throw new IllegalStateException("down (test)");
        }, Duration.ofMillis(5), Duration.ofMillis(5));
        migrations.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() >= 2);
        migrations.close();
        int afterClose = calls.get();
        // a retry already running may finish; no new one is scheduled after that
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).until(() -> calls.get() <= afterClose + 1);
        assertThat(migrations.done()).isFalse();
    }
}

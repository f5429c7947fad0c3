package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code ./pvstream dev} as the user runs it: a separate JVM that serves a simulated PV over REST, forks
 * nothing but its Connect worker and the PostgreSQL watchdogs (no CA repeater), and leaves no process behind
 * however it is stopped: SIGTERM at any moment of start-up or once up, or SIGKILL (then the Connect worker and
 * PostgreSQL stop by themselves, and what survives even that is stopped by the next start on the data directory).
 */
class DevMainProcessTest {

    private static final int PVS = 20;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    /** Room for a pg_ctl or initdb that was running when the platform stopped, and for the Connect worker's own bound. */
    private static final Duration LEFTOVER_TIMEOUT = Duration.ofSeconds(20);
    /** The Connect worker notices its parent is gone within 250 ms and halts 3 s later at the latest. */
    private static final Duration ORPHANED_WORKER_TIMEOUT = Duration.ofSeconds(8);

    /** Where start-up is when SIGTERM comes. */
    enum Moment {
        /** at once: the JVM may not even have its shutdown hook yet */
        JVM_LAUNCHED,
        /** PostgreSQL's primary postmaster exists: pg_ctl start is under way, the cluster not registered before the fix */
        POSTGRES_LAUNCHED,
        /** the Connect worker JVM exists and is starting: the case of issue 19 */
        CONNECT_LAUNCHED
    }

    private final HttpJson http = new HttpJson();
    private final List<DevProcess> started = new ArrayList<>();
    @TempDir
    Path dataDir;

    @AfterEach
    void killWhatAFailedTestLeft() {
        started.forEach(DevProcess::killEverything);
    }

    @ParameterizedTest
    @EnumSource(Moment.class)
    void sigtermDuringStartUpLeavesNoProcessBehind(Moment moment) throws Exception {
        DevProcess dev = start();
        switch (moment) {
            case JVM_LAUNCHED -> { }
            case POSTGRES_LAUNCHED -> dev.awaitProcess("PostgreSQL", dev::postgresServers);
            case CONNECT_LAUNCHED -> dev.awaitProcess("the Connect worker", dev::connectWorkers);
        }
        assertThat(dev.isUp()).as("still starting").isFalse();

        dev.sigterm();

        dev.awaitExit(STOP_TIMEOUT);
        assertStoppedByThePlatform(dev);
        dev.awaitNothingLeft(LEFTOVER_TIMEOUT);
    }

    @Test
    void servesALivePvAndAfterSigkillTheNextStartLeavesNothingBehindOnSigterm() throws Exception {
        DevProcess first = start();
        first.awaitUp();
        assertThat(first.output()).anyMatch(line -> line.contains("Kafka bootstrap")
                && line.contains("127.0.0.1:" + first.brokerPort));
        awaitLivePv(first);
        List<ProcessHandle> workers = first.connectWorkers();
        assertThat(workers).as("Connect worker").hasSize(1);
        List<ProcessHandle> servers = first.postgresServers();
        assertThat(servers).as("PostgreSQL primary and replica").hasSize(2);
        // no CA repeater or other stray child: only the Connect worker and the two PostgreSQL watchdogs
        List<ProcessHandle> watchdogs = new ArrayList<>(first.postgresWatchdogs("primary"));
        watchdogs.addAll(first.postgresWatchdogs("replica"));
        assertThat(watchdogs).hasSize(2);
        assertThat(ProcessHandle.of(first.pid()).orElseThrow().children().toList())
                .containsExactlyInAnyOrderElementsOf(concat(workers, watchdogs));

        // SIGKILL runs no shutdown hook. The primary's watchdog goes too, so that its server is left over.
        first.postgresWatchdogs("primary").forEach(ProcessHandle::destroyForcibly);
        first.sigkill();
        await().atMost(ORPHANED_WORKER_TIMEOUT).untilAsserted(() ->
                assertThat(workers).as("Connect worker, on its own").noneMatch(DevProcess::isRunning));
        await().atMost(LEFTOVER_TIMEOUT).untilAsserted(() ->
                assertThat(first.postgresServers()).as("PostgreSQL servers left").hasSize(1));
        ProcessHandle leftover = first.postgresServers().get(0);
        assertThat(DevProcess.describe(leftover)).contains("primary");

        DevProcess second = start();
        second.awaitUp();
        assertThat(DevProcess.isRunning(leftover)).as("leftover primary stopped by the next start").isFalse();
        awaitLivePv(second);
        assertThat(second.postgresServers()).hasSize(2);

        second.sigterm();

        second.awaitExit(STOP_TIMEOUT);
        assertThat(second.output()).anyMatch(line -> line.contains("stopping"));
        assertStoppedByThePlatform(second);
        first.awaitNothingLeft(LEFTOVER_TIMEOUT);
        second.awaitNothingLeft(LEFTOVER_TIMEOUT);
        assertThat(canBind(second.httpPort)).as("HTTP port freed").isTrue();
        assertThat(canBind(second.brokerPort)).as("broker port freed").isTrue();
    }

    /**
     * On SIGTERM the platform stops its children before it exits; they do not merely stop later by
     * themselves (the worker's parent check, the PostgreSQL watchdogs), which would hide a part that
     * the shutdown hook missed. Only short-lived tools (pg_ctl, initdb) may still be finishing.
     */
    private static void assertStoppedByThePlatform(DevProcess dev) {
        assertThat(dev.connectWorkers()).as("Connect worker running when the platform had exited")
                .extracting(DevProcess::describe).isEmpty();
        assertThat(dev.postgresServers()).as("PostgreSQL running when the platform had exited")
                .extracting(DevProcess::describe).isEmpty();
    }

    private DevProcess start() throws Exception {
        DevProcess dev = DevProcess.start(dataDir, PVS);
        started.add(dev);
        return dev;
    }

    private void awaitLivePv(DevProcess dev) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            HttpJson.Response pv = http.get(dev.httpPort, "/api/v1/pvs/SIM:PV00001");
            assertThat(pv.status()).isEqualTo(200);
            assertThat(pv.body().path("value").isNumber()).isTrue();
            assertThat(pv.body().path("connected").asBoolean()).isTrue();
        });
    }

    private static List<ProcessHandle> concat(List<ProcessHandle> a, List<ProcessHandle> b) {
        List<ProcessHandle> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}

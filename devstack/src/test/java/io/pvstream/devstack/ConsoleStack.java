package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.fasterxml.jackson.databind.JsonNode;

import io.pvstream.simioc.SimulatedIoc;

/**
 * JUnit extension for the console's browser tests: before the class, the real platform (broker, the IOCs the test
 * adds, PostgreSQL + Connect unless {@link #withoutOps}, ingest, one query-api instance) and one headless browser on
 * its console, Chromium or, {@link #inFirefox}, Firefox; after each test it fails the test if the browser's console
 * logged an error the test did not announce ({@link ConsoleBrowser#expectError}, {@link FirefoxBidi#expectError});
 * after the class it closes both. One stack and one browser per class: each costs seconds.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final ConsoleStack stack = ConsoleStack.withIocs(platform -&gt; platform.addIoc(SimulatedIoc.builder()...));
 * </pre>
 */
final class ConsoleStack implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private final Consumer<TestPlatform> addIocs;
    private final Map<String, Object> overrides = new HashMap<>();
    private final HttpJson http = new HttpJson();
    private boolean ops = true;
    private boolean firefox;
    private TestPlatform platform;
    private ConsoleBrowser browser;
    private FirefoxBidi firefoxBrowser;

    private ConsoleStack(Consumer<TestPlatform> addIocs) {
        this.addIocs = addIocs;
    }

    /** A stack whose IOCs {@code addIocs} adds (to the platform, before the services start). */
    static ConsoleStack withIocs(Consumer<TestPlatform> addIocs) {
        return new ConsoleStack(addIocs);
    }

    /** No PostgreSQL and Connect (no snapshots, history or keys list): starts faster. */
    ConsoleStack withoutOps() {
        ops = false;
        return this;
    }

    /** Firefox ESR over WebDriver BiDi ({@link #firefox()}) instead of Chromium. */
    ConsoleStack inFirefox() {
        firefox = true;
        return this;
    }

    /** A configuration key of the services (ingest, query-api). */
    ConsoleStack with(String key, Object value) {
        overrides.put(key, value);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        platform = TestPlatform.withBroker();
        try {
            addIocs.accept(platform);
            if (ops) {
                platform.startOps();
            }
            platform.startServices(1, overrides);
            if (firefox) {
                firefoxBrowser = new FirefoxBidi(port());
            } else {
                browser = new ConsoleBrowser(port());
            }
        } catch (RuntimeException | Error e) {
            platform.close();
            throw e;
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> errors = firefox ? firefoxBrowser.takeUnexpectedErrors() : browser.takeUnexpectedErrors();
        assertThat(errors).as("errors in the browser's console during " + context.getDisplayName()).isEmpty();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (browser != null) {
                browser.close();
            }
            if (firefoxBrowser != null) {
                firefoxBrowser.close();
            }
        } finally {
            platform.close();
        }
    }

    TestPlatform platform() {
        return platform;
    }

    ConsoleBrowser browser() {
        return browser;
    }

    FirefoxBidi firefox() {
        return firefoxBrowser;
    }

    /** The HTTP port of the query-api instance the browser uses. */
    int port() {
        return platform.api(0).port();
    }

    /** Waits until the API has every one of {@code pvs} connected. */
    void awaitConnected(Collection<String> pvs) {
        await().atMost(TestPlatform.PATIENCE).until(() -> pvs.stream().allMatch(pv -> {
            HttpJson.Response view = http.get(port(), "/api/v1/pvs/" + pv);
            return view.status() == 200 && view.body().path("connected").asBoolean();
        }));
    }

    /** Saves a snapshot through the API; a 503 (the stores not caught up yet) is tried again, as its message says. */
    JsonNode saveSnapshot(String json, Duration patience) {
        HttpJson.Response[] last = new HttpJson.Response[1];
        await().atMost(patience).pollInterval(Duration.ofSeconds(2)).until(() -> {
            // the API waits up to snapshot.catchup.timeout.ms (10 s) for the stores before it reads 40K values: more
            // than HttpJson's usual 15 s on a loaded machine (seen three times in a row at load average 20-60)
            last[0] = http.post(port(), "/api/v1/snapshots", json, patience);
            assertThat(last[0].status()).as("%s", last[0].body()).isIn(201, 503);
            return last[0].status() == 201;
        });
        return last[0].body();
    }

    /** The PV's value as the API answers it now (NaN if it has none). */
    double liveValue(String pv) {
        return http.get(port(), "/api/v1/pvs/" + pv).body().path("value").asDouble(Double.NaN);
    }

    /** The value of the PV's last archived sample since {@code from} (NaN if there is none yet). */
    double lastArchivedValue(String pv, Instant from) {
        HttpJson.Response response = http.get(port(), "/api/v1/pvs/" + pv + "/history?from=" + from);
        if (response.status() != 200 || response.body().path("samples").isEmpty()) {
            return Double.NaN;
        }
        JsonNode samples = response.body().path("samples");
        return samples.get(samples.size() - 1).path("value").asDouble(Double.NaN);
    }

    /** Sets setpoint i of {@code ioc} to 10·i for i = 1..{@code count} and waits until the API has each. */
    void setSetpointsToTenTimesTheirNumber(SimulatedIoc ioc, int count) {
        for (int i = 1; i <= count; i++) {
            ioc.set(ioc.setpointName(i), 10.0 * i);
        }
        for (int i = 1; i <= count; i++) {
            String pv = ioc.setpointName(i);
            double value = 10.0 * i;
            await().atMost(TestPlatform.PATIENCE).until(() -> liveValue(pv) == value);
        }
    }

    /** A time range, ends included. */
    record Range(Instant from, Instant to) {
    }

    /** Sets {@code pv} at the IOC to 1, 2, 3, 4, each once archived; answers a range around them (a second wider). */
    Range archiveOneToFour(SimulatedIoc ioc, String pv) {
        Instant before = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.MILLIS);
        for (double value : new double[] {1.0, 2.0, 3.0, 4.0}) {
            ioc.set(pv, value);
            await().atMost(TestPlatform.PATIENCE).until(() -> lastArchivedValue(pv, before) == value);
        }
        return new Range(before, Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.MILLIS));
    }
}

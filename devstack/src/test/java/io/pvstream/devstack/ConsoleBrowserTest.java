package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.pvstream.simioc.SimulatedIoc;

/**
 * The operator console in a real browser (headless Chromium) against the real platform: a simulated IOC, broker,
 * Streams, PostgreSQL with the archive, one query-api instance. The browser's console must stay free of errors
 * ({@link ConsoleStack} fails a test on one); each page is photographed into {@code target/console-screenshots}.
 */
class ConsoleBrowserTest {

    private static final Duration PATIENCE = TestPlatform.PATIENCE;
    private static SimulatedIoc ioc;

    @RegisterExtension
    static final ConsoleStack stack = ConsoleStack.withIocs(platform ->
            ioc = platform.addIoc(SimulatedIoc.builder().pvCount(40).updateRateHz(1).setpointCount(3)));

    private final HttpJson http = new HttpJson();

    @BeforeAll
    static void connected() {
        HttpJson http = new HttpJson();
        await().atMost(PATIENCE).until(() -> ioc.pvNames().stream().allMatch(pv -> {
            HttpJson.Response view = http.get(stack.port(), "/api/v1/pvs/" + pv);
            return view.status() == 200 && view.body().path("connected").asBoolean();
        }));
    }

    @Test
    void aValueChangedAtTheIocChangesItsRowWithinASecondWithoutAReload() {
        ConsoleBrowser browser = stack.browser();
        String pv = ioc.setpointName(1);
        browser.open("#/pvs?q=" + pv.substring(0, pv.length() - 1));
        String row = ".vt-row[data-key='" + pv + "']";
        await().atMost(PATIENCE).until(() -> browser.findAll(row).size() == 1);
        browser.js("window.__pageLoads = (window.__pageLoads || 0) + 1");

        ioc.set(pv, 123.25);
        long setAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> browser.text(row + " > div:nth-child(2)").startsWith("123.25"));
        long millis = (System.nanoTime() - setAt) / 1_000_000;
        System.out.println("console: IOC change -> row in " + millis + " ms");
        assertThat(browser.js("return window.__pageLoads")).as("the same page load").isEqualTo(1L);
        browser.screenshot("pvs");
    }
}

package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;

import com.fasterxml.jackson.databind.JsonNode;

import io.pvstream.simioc.SimulatedIoc;

/**
 * The console's snapshot pages in a real browser against the real platform: a simulated IOC with 40,000 PVs (quiet:
 * no updates, so the machine's two cores go to the pages) and five setpoints, broker, Streams, PostgreSQL + Connect,
 * one query-api instance with security on. Save → change the IOC → compare → restore → compare, the IOC's values
 * checked over Channel Access; a 40K-row snapshot view timed; a reader key that cannot restore.
 */
class ConsoleSnapshotBrowserTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    /** The big snapshot's size; smaller with -Dconsole.big=N for a quick run while working on the pages. */
    private static final int BIG = Integer.getInteger("console.big", 40_000);
    private static final int SETPOINTS = 5;
    private static SimulatedIoc ioc;

    @RegisterExtension
    static final ConsoleStack stack = ConsoleStack.withIocs(platform -> ioc = platform.addIoc(
            SimulatedIoc.builder().pvCount(BIG).updateRateHz(0).setpointCount(SETPOINTS)));

    private final HttpJson http = new HttpJson();

    @BeforeAll
    static void allConnected() {
        HttpJson http = new HttpJson();
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() ->
                http.get(stack.port(), "/api/v1/health/ingest").body().path("connectedCount").asInt()
                        >= ioc.pvNames().size());
        // and Streams has applied them: a save waits at most snapshot.catchup.timeout.ms for that
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() ->
                http.get(stack.port(), "/api/v1/health/ready").status() == 200);
    }

    /** Signs the browser in with {@code key} (as the Keys page does: sessionStorage) and loads {@code route}. */
    private static ConsoleBrowser signedIn(String key, String route) {
        ConsoleBrowser browser = stack.browser();
        browser.open("#/snapshots");
        browser.js("sessionStorage.setItem('pvstream.apiKey', arguments[0])", key);
        browser.open(route);
        browser.driver().navigate().refresh();
        return browser;
    }

    private static void awaitElement(ConsoleBrowser browser, String css) {
        await().atMost(PATIENCE).until(() -> !browser.findAll(css).isEmpty());
    }

    /** The row keys of a virtual table in display order (the rendered ones). */
    @SuppressWarnings("unchecked")
    private static List<String> shownRows(ConsoleBrowser browser, String scope) {
        return (List<String>) browser.js("return [...document.querySelectorAll(arguments[0] + ' .vt-row')]"
                + ".sort((a, b) => a.dataset.index - b.dataset.index).map(r => r.dataset.key)", scope);
    }

    private static String data(ConsoleBrowser browser, String css, String field) {
        Object value = browser.js("const e = document.querySelector(arguments[0]); return e ? e.dataset[arguments[1]] ?? null : null",
                css, field);
        return value == null ? null : value.toString();
    }

    @Test
    void saveChangeTheIocCompareRestoreWithLiveProgressThenAllEqual() throws Exception {
        ConsoleBrowser browser = signedIn(TestPlatform.ADMIN_KEY, "#/snapshots");
        try (CaValues ca = new CaValues(ioc.addressList())) {
            double[] saved = new double[SETPOINTS + 1];
            stack.setSetpointsToTenTimesTheirNumber(ioc, SETPOINTS);
            for (int i = 1; i <= SETPOINTS; i++) {
                saved[i] = ca.get(ioc.setpointName(i));
            }

            // save from a pattern: the 201 at once, then the state the operations buffer moves it through
            awaitElement(browser, "[data-save-open]");
            browser.find("[data-save-open]").click();
            browser.find("[data-save-name]").sendKeys("setpoints before the test");
            browser.find("[data-save-tags]").sendKeys("console-test");
            browser.find("[data-save-pattern]").sendKeys("SIM:SP*");
            browser.find("[data-save]").click();
            awaitElement(browser, "[data-save-answer] .note");
            assertThat(browser.text("[data-save-answer]")).contains("201 Created").contains(SETPOINTS + " PVs");
            await().atMost(PATIENCE).until(() -> "replicated".equals(data(browser, "[data-save-state]", "saveState")));
            browser.screenshot("snapshots");
            String id = browser.find("[data-save-answer] a").getAttribute("href").replaceAll(".*#/snapshot/", "");

            // the IOC changes: compare shows the differing PVs first
            String changed1 = ioc.setpointName(2);
            String changed2 = ioc.setpointName(4);
            ioc.set(changed1, 99.5);
            ioc.set(changed2, -3.25);
            await().atMost(PATIENCE).until(() -> stack.liveValue(changed1) == 99.5 && stack.liveValue(changed2) == -3.25);
            browser.go("#/snapshot/" + id);
            await().atMost(PATIENCE).until(() -> "2".equals(data(browser, "[data-summary]", "different"))
                    && shownRows(browser, "main").size() == SETPOINTS);
            assertThat(shownRows(browser, "main").subList(0, 2)).containsExactlyInAnyOrder(changed1, changed2);
            assertThat(browser.text("[data-summary]")).startsWith("2 of 5 out of tolerance");
            browser.screenshot("snapshot-view");

            // live drift follows the IOC without a reload
            browser.go("#/drift/" + id);
            await().atMost(PATIENCE).until(() -> "2".equals(data(browser, "[data-drift-count]", "different")));
            String changed3 = ioc.setpointName(5);
            ioc.set(changed3, 0.125);
            await().atMost(Duration.ofSeconds(10)).until(() -> "3".equals(data(browser, "[data-drift-count]", "different")));
            assertThat(browser.text("[data-drift-count]")).isEqualTo("3 of 5 out of tolerance");
            browser.screenshot("drift");

            // restore: all differing, dry run, confirm with counts, live per-PV progress
            browser.go("#/restore/" + id);
            await().atMost(PATIENCE).until(() -> shownRows(browser, "main").size() >= SETPOINTS);
            await().atMost(PATIENCE).until(() -> browser.findAll(".row-different").size() == 3);
            browser.find("[data-select-differing]").click();
            assertThat(data(browser, "[data-selected-count]", "selected")).isEqualTo("3");
            browser.find("[data-dry-run]").click();
            await().atMost(PATIENCE).until(() -> "SUCCEEDED".equals(data(browser, "[data-job]", "state")));
            try {
                await().atMost(PATIENCE).until(() -> browser.find("[data-restore]").isEnabled());
            } catch (RuntimeException e) {
                System.out.println("restore not enabled: " + browser.js("return document.querySelector('[data-job]').outerHTML"));
                browser.screenshot("restore-not-enabled");
                throw e;
            }
            assertThat(ioc.value(changed1)).as("a dry run writes nothing").isEqualTo(99.5);
            browser.find("[data-restore]").click();
            awaitElement(browser, ".dialog [data-confirm]");
            assertThat(browser.text(".dialog [data-confirm]")).contains("3 PVs chosen, 3 differ from live now")
                    .contains("would write 3");
            browser.screenshot("restore-confirm");
            browser.find(".dialog button.primary").click();
            await().atMost(PATIENCE).until(() -> "Restore".equals(data(browser, "[data-job]", "jobLabel"))
                    && "SUCCEEDED".equals(data(browser, "[data-job]", "state")));
            await().atMost(PATIENCE).until(() -> browser.findAll("[data-job] .vt-row .result-verified").size() == 3);
            assertThat(browser.find("[data-undo]").getText()).contains("before restore");
            browser.screenshot("restore");

            for (int i = 1; i <= SETPOINTS; i++) {
                assertThat(ca.get(ioc.setpointName(i))).as("%s over CA", ioc.setpointName(i)).isEqualTo(saved[i]);
            }
            browser.go("#/snapshot/" + id);
            await().atMost(PATIENCE).until(() -> "0".equals(data(browser, "[data-summary]", "different"))
                    && "5".equals(data(browser, "[data-summary]", "total")));
            assertThat(browser.text("[data-summary]")).startsWith("0 of 5 out of tolerance");
        }
    }

    @Test
    void aFortyThousandRowSnapshotRendersScrollsAndFiltersWithoutHanging() {
        JsonNode created = stack.saveSnapshot("{\"name\":\"40K\",\"tags\":[\"big\"],\"pattern\":\"SIM:PV*\"}", PATIENCE);
        assertThat(created.path("pvCount").asInt()).as("%s", created).isEqualTo(BIG);
        assertThat(created.path("counts").path("ok").asInt()).as("every PV saved connected").isEqualTo(BIG);
        String id = created.path("id").asText();
        // read the page once the snapshot is where it stays (the replica), as an operator opens yesterday's
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() ->
                "replicated".equals(http.get(stack.port(), "/api/v1/snapshots/" + id + "?limit=1").body().path("state").asText()));
        ConsoleBrowser browser = signedIn(TestPlatform.ADMIN_KEY, "#/snapshots");
        awaitElement(browser, "[data-snapshot-list]");

        // the limit below the page: the API's own answers that the page waits for, timed in the same run
        for (String limit : List.of("200", "50000")) {
            long start = System.nanoTime();
            HttpJson.Response compare = http.get(stack.port(), "/api/v1/snapshots/" + id
                    + "/compare?with=live&sort=deviation&limit=" + limit);
            assertThat(compare.status()).isEqualTo(200);
            System.out.printf("console 40K snapshot view: GET compare?with=live&limit=%s answered in %d ms%n", limit,
                    (System.nanoTime() - start) / 1_000_000);
        }
        long[] firstRender = new long[3];
        for (int run = 0; run < firstRender.length; run++) {
            browser.go("#/snapshots");
            awaitElement(browser, "[data-snapshot-list]");
            long start = System.nanoTime();
            browser.go("#/snapshot/" + id);
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10)).until(() -> !browser.findAll(".vt-row").isEmpty());
            firstRender[run] = (System.nanoTime() - start) / 1_000_000;
            await().atMost(PATIENCE).until(() -> data(browser, "#page", "allRowsMs") != null);
            System.out.printf("console 40K snapshot view, run %d: first rows after %d ms (page's own measure %s ms),"
                    + " all %d rows after %s ms%n", run + 1, firstRender[run], data(browser, "#page", "firstRenderMs"),
                    BIG, data(browser, "#page", "allRowsMs"));
        }
        assertThat(data(browser, "[data-summary]", "total")).isEqualTo(String.valueOf(BIG));

        browser.js("const b = document.querySelector('.vt-body'); b.scrollTop = b.scrollHeight");
        await().atMost(Duration.ofSeconds(5)).until(() -> shownRows(browser, "main").contains(ioc.simulatedPvName(BIG)));
        browser.js("document.querySelector('.vt-body').scrollTop = arguments[0] * 26", BIG / 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> shownRows(browser, "main").contains(ioc.simulatedPvName(BIG / 2 + 1)));
        browser.screenshot("snapshot-40k");

        long start = System.nanoTime();
        WebElement filter = browser.find("[data-search]");
        String oneRow = ioc.simulatedPvName(BIG - 1);
        filter.sendKeys(oneRow.substring(oneRow.indexOf(':') + 1));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> shownRows(browser, "main").equals(List.of(oneRow)));
        long filterMs = (System.nanoTime() - start) / 1_000_000;
        browser.find("[data-differences-only]").click();
        await().atMost(Duration.ofSeconds(5)).until(() -> shownRows(browser, "main").isEmpty());
        System.out.printf("console 40K snapshot view: filter typed -> 1 row in %d ms%n", filterMs);
    }

    @Test
    void aReaderKeyCannotRestore() {
        JsonNode key = http.post(stack.port(), "/api/v1/keys", "{\"name\":\"console reader\",\"role\":\"reader\"}").body();
        assertThat(key.path("key").isTextual()).as("%s", key).isTrue();
        JsonNode created = stack.saveSnapshot("{\"name\":\"for the reader\",\"pattern\":\"SIM:SP*\"}", PATIENCE);
        String id = created.path("id").asText();
        String readerKey = key.path("key").asText();
        await().atMost(PATIENCE).until(() -> HttpJson.withKey(readerKey).get(stack.port(), "/api/v1/session").status() == 200);

        ConsoleBrowser browser = signedIn(readerKey, "#/restore/" + id);
        await().atMost(PATIENCE).until(() -> shownRows(browser, "main").size() == SETPOINTS);
        assertThat(browser.find("[data-dry-run]").isEnabled()).isFalse();
        assertThat(browser.find("[data-restore]").isEnabled()).isFalse();
        assertThat(browser.text(".error")).contains("cannot restore");
        browser.screenshot("restore-reader");

        browser.expectError("403");
        Object status = browser.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/api/v1/snapshots/' + arguments[0] + '/restore', {method: 'POST', headers: {"
                + "'Authorization': 'Bearer ' + sessionStorage.getItem('pvstream.apiKey'), 'Content-Type': 'application/json'},"
                + "body: '{\"dryRun\":true}'}).then(r => done(r.status))", id);
        assertThat(status).as("the API refuses a reader's restore").isEqualTo(403L);
    }
}

package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import com.fasterxml.jackson.databind.JsonNode;

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
        stack.awaitConnected(ioc.pvNames());
    }

    @Test
    void aValueChangedAtTheIocChangesItsRowWithoutAReload() {
        ConsoleBrowser browser = stack.browser();
        browser.openSignedOut("#/pvs?q=SIM:");
        await().atMost(PATIENCE).until(() -> browser.findAll(".vt-row").size() > 20);
        browser.screenshot("pvs");

        String pv = ioc.setpointName(1);
        browser.find("body").sendKeys("/");
        assertThat(browser.js("return document.activeElement.matches('[data-search]')")).as("/ focuses search")
                .isEqualTo(true);
        browser.js("const s = document.querySelector('[data-search]'); s.value = arguments[0]; "
                + "s.form.requestSubmit()", pv);
        String row = ".vt-row[data-key='" + pv + "']";
        await().atMost(PATIENCE).until(() -> browser.findAll(".vt-row").size() == 1 && browser.findAll(row).size() == 1);
        browser.js("window.sameLoad = true");

        // how long it takes is printed (BENCHMARKS.md, goal 1 s), not asserted: a busy machine must not fail the test
        ioc.set(pv, 123.25);
        long setAt = System.nanoTime();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20))
                .until(() -> browser.text(row + " > div:nth-child(2)").startsWith("123.25"));
        System.out.println("console: IOC change -> PVs row in " + (System.nanoTime() - setAt) / 1_000_000 + " ms");
        assertThat(browser.js("return window.sameLoad === true")).as("no reload").isEqualTo(true);

        // the socket lost (its URL made unreachable): the banner says so, and the table catches up once it is back
        browser.expectError("WebSocket connection to 'ws://127\\.0\\.0\\.1:1/' failed");
        browser.js("const live = window.pvstreamConsole.live; live.realUrl = live.socketUrl; "
                + "live.socketUrl = () => 'ws://127.0.0.1:1/'; live.socket.close()");
        await().atMost(PATIENCE).until(() -> browser.find("#live-banner").isDisplayed()
                && browser.text("#live-banner").startsWith("live data disconnected — last message"));
        browser.js("const live = window.pvstreamConsole.live; live.socketUrl = live.realUrl");
        ioc.set(pv, 77.5);
        await().atMost(PATIENCE).until(() -> browser.text(row + " > div:nth-child(2)").startsWith("77.5")
                && !browser.find("#live-banner").isDisplayed());

        browser.find(row).click();
        browser.find(".vt-body").sendKeys(Keys.ENTER);
        await().atMost(PATIENCE).until(() -> pv.equals(browser.text("main h1")));
    }

    @Test
    void theHistoryPlotDrawsTheArchivedSamplesOfAPvWhoseValuesAreKnown() {
        String pv = ioc.setpointName(2);
        ConsoleStack.Range archived = stack.archiveOneToFour(ioc, pv);
        Instant before = archived.from();
        Instant after = archived.to();

        ConsoleBrowser browser = stack.browser();
        browser.openSignedOut("#/history?pvs=" + pv + "&from=" + before + "&to=" + after);
        String plot = "const p = document.querySelector('.plot') && document.querySelector('.plot').historyPlot; ";
        await().atMost(PATIENCE).until(() -> Boolean.TRUE.equals(browser.js(plot + "return !!(p && p.uplot)")));
        List<?> binMeans = (List<?>) browser.js(plot + "return p.loaded.perPv.get(arguments[0]).bins"
                + ".filter(b => b.count).map(b => b.mean)", pv);
        assertThat(binMeans).as("one bin per archived change").map(v -> ((Number) v).doubleValue())
                .containsExactly(1.0, 2.0, 3.0, 4.0);
        List<?> drawn = (List<?>) browser.js(plot + "return p.uplot.data[1].filter(v => v !== null && v !== undefined)");
        assertThat(drawn).as("the mean line uPlot draws").map(v -> ((Number) v).doubleValue())
                .containsSubsequence(1.0, 2.0, 3.0, 4.0);
        assertThat(browser.js(plot + "return p.uplot.series[1].show && p.uplot.bbox.width > 100")).isEqualTo(true);
        assertThat(browser.text(".legend-note")).startsWith("4 archived changes in 1 PV(s)");
        String permalink = browser.find(".toolbar a[href^='#/history?']").getAttribute("href");
        assertThat(permalink).contains("pvs=" + URLEncoder.encode(pv, StandardCharsets.UTF_8)).contains("from=")
                .contains("to=");
        browser.screenshot("history");

        String csv = (String) browser.js(plot + "return p.csv()");
        assertThat(csv.lines().findFirst().orElseThrow()).isEqualTo("time," + pv + " mean," + pv + " min," + pv + " max,"
                + pv + " count");
        assertThat(csv.lines().skip(1).filter(line -> line.endsWith(",1")).map(line -> line.split(",")[1]))
                .containsExactly("1", "2", "3", "4");
        assertThat(browser.js("return import('/console/pages/history.js').then(m => m.csvFileName([arguments[0]], "
                + "arguments[1], arguments[2]))", pv, before.toEpochMilli(), after.toEpochMilli()))
                .isEqualTo("pvstream-history_" + pv.replace(':', '-') + "_" + before.toString().replace(':', '-')
                        + "_" + after.toString().replace(':', '-') + ".csv");

        // drag across the middle of the plot: it zooms into that time; Undo zoom brings the range back
        WebElement over = browser.find(".plot .u-over");
        new Actions(browser.driver()).moveToElement(over, -over.getSize().getWidth() / 4, 0).clickAndHold()
                .moveByOffset(over.getSize().getWidth() / 2, 0).release().perform();
        await().atMost(PATIENCE).until(() -> ((Number) browser.js(plot + "return p.loaded.to - p.loaded.from"))
                .longValue() < (after.toEpochMilli() - before.toEpochMilli()) * 3 / 4);
        assertThat((String) browser.js("return location.hash")).doesNotContain("from=" + before);
        browser.find("button[data-undo]").click();
        await().atMost(PATIENCE).until(() -> ((Number) browser.js(plot + "return p.loaded.from")).longValue()
                == before.toEpochMilli());
    }

    @Test
    void anEnumIsPlottedInStepsWithItsLabelsOnTheAxis() {
        String pv = ioc.pvName("ENUM");
        Instant before = Instant.now().minusSeconds(1);
        ioc.set(pv, "ON");
        // the page reads the history once: until the archive holds a sample of the PV it answers 404
        await().atMost(PATIENCE).until(() -> http.get(stack.port(), "/api/v1/pvs/" + pv + "/history?from=" + before)
                .status() == 200);
        ConsoleBrowser browser = stack.browser();
        browser.openSignedOut("#/history?pvs=" + pv + "&range=1m");
        String plot = "const p = document.querySelector('.plot') && document.querySelector('.plot').historyPlot; ";
        await().atMost(PATIENCE).until(() -> Boolean.TRUE.equals(browser.js(plot + "return !!(p && p.uplot)")));
        assertThat(browser.js(plot + "return p.uplot.axes.find(a => a.scale === 'state').values(p.uplot, [0, 0.5, 1, 2, 3])"))
                .as("ticks at whole states, named").isEqualTo(List.of("OFF", "", "ON", "FAULT", ""));
    }

    @Test
    void aConfigurationImportedFromCsvCarriesItsTolerancesAndTheDriftOfItsSnapshotFollowsTheIoc() throws Exception {
        String sp1 = ioc.setpointName(1);
        String sp3 = ioc.setpointName(3);
        ConsoleBrowser browser = stack.browser();
        browser.openSignedOut("#/configs");
        signIn(browser, TestPlatform.ADMIN_KEY);
        browser.go("#/configs");
        await().atMost(PATIENCE).until(() -> browser.findAll("[data-config-new]").size() == 1
                && browser.find("[data-config-new]").isEnabled());
        browser.find("[data-config-new]").click();
        browser.find("[data-config-name]").sendKeys("console drift test");
        java.nio.file.Path csv = java.nio.file.Files.createTempFile("configuration", ".csv");
        java.nio.file.Files.writeString(csv, "name,toleranceAbs,toleranceRel,readOnly,readbackPv\n"
                + sp1 + ",0.5,,false,\n" + sp3 + ",,,true,\n");
        browser.js("document.querySelector('[data-config-import]').hidden = false");
        browser.find("[data-config-import]").sendKeys(csv.toAbsolutePath().toString());
        await().atMost(PATIENCE).until(() -> browser.findAll("[data-config-pvs] tbody tr").size() == 2);
        browser.find("[data-config-save]").click();
        await().atMost(PATIENCE).until(() -> String.valueOf(browser.text(".panel .muted")).startsWith("saved"));
        browser.screenshot("configs");

        JsonNode saved = http.get(stack.port(), "/api/v1/configurations?name=console%20drift%20test").body()
                .path("items").get(0);
        JsonNode configuration = http.get(stack.port(), "/api/v1/configurations/" + saved.path("id").asText()).body();
        assertThat(configuration.path("pvs").findValuesAsText("name")).containsExactly(sp1, sp3);
        assertThat(configuration.path("pvs").get(0).path("toleranceAbs").asDouble()).isEqualTo(0.5);
        assertThat(configuration.path("pvs").get(1).path("readOnly").asBoolean()).isTrue();

        // a snapshot of it, then the IOC moves: within tolerance, out of it, and back; the drift page follows live
        double base = 7.0;
        ioc.set(sp1, base);
        ioc.set(sp3, base);
        await().atMost(PATIENCE).until(() -> stack.liveValue(sp1) == base && stack.liveValue(sp3) == base);
        String snapshotId = http.post(stack.port(), "/api/v1/snapshots", "{\"name\":\"drift\",\"configurationId\":\""
                + saved.path("id").asText() + "\"}").body().path("id").asText();
        browser.go("#/drift/" + snapshotId);
        await().atMost(PATIENCE).until(() -> "0".equals(driftCount(browser, "different"))
                && "2".equals(driftCount(browser, "total")));
        browser.js("window.sameLoad = true");
        ioc.set(sp1, base + 0.25);
        ioc.set(sp3, base + 5);
        await().atMost(PATIENCE).until(() -> "1".equals(driftCount(browser, "different")));
        assertThat(browser.text("[data-drift-count]")).startsWith("1 of 2 out of tolerance");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(browser.js("return [...document.querySelectorAll("
                + "'.vt-row')].map(r => r.dataset.key)")).as("only the PV beyond its tolerance (re-listed within 1 s)")
                .isEqualTo(List.of(sp3)));
        browser.screenshot("drift");
        ioc.set(sp3, base);
        await().atMost(PATIENCE).until(() -> "0".equals(driftCount(browser, "different")));
        assertThat(browser.js("return window.sameLoad === true")).as("kept current without a reload").isEqualTo(true);
    }

    private static String driftCount(ConsoleBrowser browser, String field) {
        Object value = browser.js("const e = document.querySelector('[data-drift-count]'); "
                + "return e ? e.dataset[arguments[0]] ?? null : null", field);
        return value == null ? null : value.toString();
    }

    @Test
    void writeControlsNeedAKeyAndFollowTheRole() {
        ConsoleBrowser browser = stack.browser();
        String pv = ioc.setpointName(3);
        browser.openSignedOut("#/pv/" + URLEncoder.encode(pv, StandardCharsets.UTF_8));
        await().atMost(PATIENCE).until(() -> browser.text("[data-value]") != null
                && !browser.text("[data-value]").isEmpty());
        browser.expectError("status of 401");
        browser.find("button[data-write]").click();
        await().atMost(PATIENCE).until(() -> browser.text(".panel .error") != null
                && !browser.text(".panel .error").isEmpty());
        assertThat(browser.text(".panel .error")).as("the API's message next to the control")
                .startsWith("401 unauthorized: this request needs an API key");
        await().atMost(PATIENCE).until(() -> Boolean.TRUE.equals(browser.js(
                "const p = document.querySelector('.plot'); return !!(p && p.historyPlot && p.historyPlot.uplot)")));
        browser.screenshot("pv");

        signIn(browser, TestPlatform.ADMIN_KEY);
        browser.find("input[aria-label='key name']").sendKeys("console-test-reader");
        browser.js("document.querySelector('select[aria-label=role]').value = 'reader'");
        browser.find("button[data-write]").click();
        await().atMost(PATIENCE).until(() -> browser.findAll("[data-secret]").size() == 1);
        String readerKey = browser.text("[data-secret]");
        assertThat(readerKey).startsWith("pvs_");
        await().atMost(PATIENCE).until(() -> browser.text("table.plain").contains("console-test-reader"));
        browser.screenshot("keys");

        // an admin saves the PV's tags; the PVs page then finds it by tag
        browser.go("#/pv/" + URLEncoder.encode(pv, StandardCharsets.UTF_8));
        await().atMost(PATIENCE).until(() -> browser.findAll("input[name=tags]").size() == 1
                && browser.find("button[data-write]").isEnabled());
        browser.find("input[name=tags]").sendKeys("console-tag");
        browser.find("button[data-write]").click();
        await().atMost(PATIENCE).until(() -> "saved".equals(browser.text("form.kv .muted")));

        browser.go("#/audit");
        await().atMost(PATIENCE).until(() -> browser.text("main").contains("POST /api/v1/keys"));
        browser.screenshot("audit");

        signIn(browser, readerKey);
        browser.go("#/pv/" + URLEncoder.encode(pv, StandardCharsets.UTF_8));
        await().atMost(PATIENCE).until(() -> browser.findAll("button[data-write]").size() == 1);
        assertThat(browser.find("button[data-write]").isEnabled()).as("disabled for a reader").isFalse();
        assertThat(browser.find("button[data-write]").getAttribute("title")).contains("needs the admin role");

        browser.go("#/pvs?tag=console-tag");
        await().atMost(PATIENCE).until(() -> browser.findAll(".vt-row").size() == 1
                && browser.findAll(".vt-row[data-key='" + pv + "']").size() == 1);
    }

    @Test
    void healthShowsKafkaStreamsIngestAndTheOperationsBuffer() {
        await().atMost(PATIENCE).until(() -> http.get(stack.port(), "/api/v1/health").status() == 200);
        ConsoleBrowser browser = stack.browser();
        // GET /api/v1/health answers 503 while the platform is degraded (a store lagging on a busy machine): the page
        // shows that, and the browser logs the status as an error
        browser.expectError("/api/v1/health - Failed to load resource: the server responded with a status of 503");
        browser.openSignedOut("#/health");
        await().atMost(PATIENCE).until(() -> browser.text("main").contains("every pv.config partition is held"));
        String main = browser.text("main");
        assertThat(main).contains("Kafka", "RUNNING", "Operations buffer", "dead letters", "replica");
        browser.screenshot("health");
    }

    @Test
    void theVirtualTableKeepsFortyThousandRowsToAFewElements() {
        ConsoleBrowser browser = stack.browser();
        browser.openSignedOut("#/no-such-page"); // a page that asks the API nothing
        Object result = browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/console/virtual-table.js').then(({ VirtualTable }) => {
                  const box = document.createElement('div');
                  box.style.cssText = 'position:fixed;inset:60px 20px 20px 20px;display:flex;z-index:5';
                  document.body.append(box);
                  const rows = Array.from({ length: 40000 }, (_, i) => ({ name: 'PV:' + String(i).padStart(5, '0'),
                    value: i * 0.5 }));
                  const started = performance.now();
                  const table = new VirtualTable(box, { columns: [{ key: 'name', label: 'PV', sortable: true },
                    { key: 'value', label: 'value', sortable: true }] });
                  table.setRows(rows);
                  table.sortBy('value', -1);
                  const firstRender = performance.now() - started;
                  table.body.scrollTop = 20000 * 26;
                  requestAnimationFrame(() => requestAnimationFrame(() => {
                    const shown = [...box.querySelectorAll('.vt-row')].map((r) => r.dataset.key);
                    const elements = box.querySelectorAll('.vt-row').length;
                    table.setFilter((row) => row.name.endsWith('7'));
                    const filtered = table.rows.length;
                    table.destroy();
                    box.remove();
                    done({ firstRender, elements, shown, filtered });
                  }));
                });
                """);
        @SuppressWarnings("unchecked")
        Map<String, Object> answer = (Map<String, Object>) result;
        System.out.println("console: 40K-row virtual table, sorted, first render in " + answer.get("firstRender") + " ms");
        assertThat(((Number) answer.get("elements")).intValue()).as("row elements in the DOM").isBetween(10, 80);
        assertThat(((List<?>) answer.get("shown")).stream().map(String::valueOf).toList())
                .as("rows around 20,000 of 40,000, sorted descending").contains("PV:19990");
        assertThat(((Number) answer.get("filtered")).intValue()).isEqualTo(4000);
        assertThat(browser.js("return import('/console/virtual-table.js').then(m => [null, 3, 1, undefined, 2, NaN]"
                + ".sort((a, b) => m.compareDirected(a, b, -1)).slice(0, 3))"))
                .as("descending, empty cells still last").isEqualTo(List.of(3L, 2L, 1L));
    }

    private static void signIn(ConsoleBrowser browser, String key) {
        browser.go("#/keys");
        await().atMost(PATIENCE).until(() -> browser.findAll("input[type=password]").size() == 1);
        browser.find("input[type=password]").sendKeys(key, Keys.ENTER);
        await().atMost(PATIENCE).until(() -> browser.text("main").contains("Signed in as"));
    }
}

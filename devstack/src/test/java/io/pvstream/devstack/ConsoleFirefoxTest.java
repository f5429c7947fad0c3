package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.pvstream.simioc.SimulatedIoc;

/**
 * The console's essentials in Firefox ESR (headless, over WebDriver BiDi: {@link FirefoxBidi}) against the real
 * platform, as {@link ConsoleBrowserTest} and {@link ConsoleSnapshotBrowserTest} check them in Chromium: live rows,
 * the keyboard, a snapshot compared with the IOC, the history plot, the 401 of a write without a key, and no error in
 * the browser's console ({@link ConsoleStack} fails a test on one). Screenshots go to
 * {@code target/console-screenshots/firefox-*.png}.
 */
class ConsoleFirefoxTest {

    private static final Duration PATIENCE = TestPlatform.PATIENCE;
    private static final int SETPOINTS = 4;
    private static SimulatedIoc ioc;

    @RegisterExtension
    static final ConsoleStack stack = ConsoleStack.withIocs(platform ->
            ioc = platform.addIoc(SimulatedIoc.builder().pvCount(30).updateRateHz(1).setpointCount(SETPOINTS)))
            .inFirefox();

    @BeforeAll
    static void connected() {
        stack.awaitConnected(ioc.pvNames());
    }

    @Test
    void aValueChangedAtTheIocChangesItsRowWithoutAReloadAndSlashFocusesSearch() {
        FirefoxBidi browser = stack.firefox();
        browser.openSignedOut("#/pvs?q=SIM:");
        await().atMost(PATIENCE).until(() -> rowCount(browser) > 20);
        browser.screenshot("pvs");

        browser.press("/");
        assertThat(browser.js("return document.activeElement.matches('[data-search]')").asBoolean())
                .as("/ focuses search").isTrue();
        String pv = ioc.setpointName(1);
        browser.js("const s = document.querySelector('[data-search]'); s.value = arguments[0]; s.form.requestSubmit()", pv);
        String value = ".vt-row[data-key='" + pv + "'] > div:nth-child(2)";
        await().atMost(PATIENCE).until(() -> rowCount(browser) == 1 && browser.text(value) != null);
        browser.js("window.sameLoad = true");

        ioc.set(pv, 123.25);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> browser.text(value).startsWith("123.25"));
        assertThat(browser.js("return window.sameLoad === true").asBoolean()).as("no reload").isTrue();
        assertThat(browser.js("return document.querySelector('#live-banner').hidden").asBoolean())
                .as("live data connected").isTrue();

        // the socket lost (its URL made unreachable): the banner says so, and the table catches up once it is back
        browser.expectError("ws://127\\.0\\.0\\.1:1/");
        browser.js("const live = window.pvstreamConsole.live; live.realUrl = live.socketUrl; "
                + "live.socketUrl = () => 'ws://127.0.0.1:1/'; live.socket.close()");
        await().atMost(PATIENCE).until(() -> !browser.js("return document.querySelector('#live-banner').hidden").asBoolean()
                && browser.text("#live-banner").startsWith("live data disconnected — last message"));
        browser.screenshot("pvs-disconnected");
        browser.js("const live = window.pvstreamConsole.live; live.socketUrl = live.realUrl");
        ioc.set(pv, 77.5);
        await().atMost(PATIENCE).until(() -> browser.text(value).startsWith("77.5")
                && browser.js("return document.querySelector('#live-banner').hidden").asBoolean());
    }

    @Test
    void errorsInTheBrowsersConsoleAreCollected() {
        // the check after each test (ConsoleStack) is only worth something if Firefox's errors reach the client
        FirefoxBidi browser = stack.firefox();
        browser.openSignedOut("#/no-such-page");
        browser.js("console.error('firefox probe: logged'); setTimeout(() => { throw new Error('firefox probe: thrown'); })");
        List<String> seen = new ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            seen.addAll(browser.takeUnexpectedErrors());
            return seen.stream().anyMatch(e -> e.contains("firefox probe: logged"))
                    && seen.stream().anyMatch(e -> e.contains("firefox probe: thrown"));
        });
    }

    @Test
    void aSnapshotShowsItsRowsTheDifferingRowAndEscClosesTheRestoreConfirm() {
        stack.setSetpointsToTenTimesTheirNumber(ioc, SETPOINTS);
        String id = stack.saveSnapshot("{\"name\":\"firefox setpoints\",\"pattern\":\"SIM:SP*\"}", PATIENCE).path("id").asText();
        String changed = ioc.setpointName(3);
        ioc.set(changed, 99.5);
        await().atMost(PATIENCE).until(() -> stack.liveValue(changed) == 99.5);

        FirefoxBidi browser = signedIn(TestPlatform.ADMIN_KEY, "#/snapshot/" + id);
        await().atMost(PATIENCE).until(() -> "1".equals(data(browser, "[data-summary]", "different"))
                && shownRows(browser).size() == SETPOINTS);
        assertThat(shownRows(browser).get(0)).as("the differing row first").isEqualTo(changed);
        assertThat(browser.text("[data-summary]")).startsWith("1 of " + SETPOINTS + " out of tolerance");
        browser.js("document.querySelector('[data-differences-only]').click()");
        await().atMost(PATIENCE).until(() -> shownRows(browser).equals(List.of(changed)));
        browser.screenshot("snapshot-view");

        // the restore's confirm dialog comes after a dry run; Esc closes it and nothing is written
        browser.go("#/restore/" + id);
        await().atMost(PATIENCE).until(() -> shownRows(browser).size() == SETPOINTS
                && browser.js("return document.querySelectorAll('.row-different').length").asInt() == 1);
        browser.js("document.querySelector('[data-select-differing]').click()");
        assertThat(data(browser, "[data-selected-count]", "selected")).isEqualTo("1");
        browser.js("document.querySelector('[data-dry-run]').click()");
        await().atMost(PATIENCE).until(() -> "SUCCEEDED".equals(data(browser, "[data-job]", "state"))
                && browser.js("return !document.querySelector('[data-restore]').disabled").asBoolean());
        browser.js("document.querySelector('[data-restore]').click()");
        await().atMost(PATIENCE).until(() -> browser.text(".dialog [data-confirm]") != null);
        assertThat(browser.text(".dialog [data-confirm]")).contains("1 PVs chosen, 1 differ from live now");
        browser.screenshot("restore-confirm");
        browser.press(FirefoxBidi.ESCAPE);
        await().atMost(PATIENCE).until(() -> browser.js("return !document.querySelector('.dialog')").asBoolean());
        assertThat(data(browser, "[data-job]", "jobLabel")).as("no restore started").isEqualTo("Dry run");
        assertThat(ioc.value(changed)).as("Esc wrote nothing").isEqualTo(99.5);
    }

    @Test
    void theHistoryPlotDrawsTheKnownSamples() {
        String pv = ioc.setpointName(2);
        ConsoleStack.Range archived = stack.archiveOneToFour(ioc, pv);
        Instant before = archived.from();
        Instant after = archived.to();

        FirefoxBidi browser = stack.firefox();
        browser.openSignedOut("#/history?pvs=" + pv + "&from=" + before + "&to=" + after);
        String plot = "const p = document.querySelector('.plot') && document.querySelector('.plot').historyPlot; ";
        await().atMost(PATIENCE).until(() -> browser.js(plot + "return !!(p && p.uplot)").asBoolean());
        assertThat(numbers(browser.js(plot + "return p.loaded.perPv.get(arguments[0]).bins"
                + ".filter(b => b.count).map(b => b.mean)", pv))).as("one bin per archived change")
                .containsExactly(1.0, 2.0, 3.0, 4.0);
        assertThat(numbers(browser.js(plot + "return p.uplot.data[1].filter(v => v !== null && v !== undefined)")))
                .as("the mean line uPlot draws").containsSubsequence(1.0, 2.0, 3.0, 4.0);
        assertThat(browser.js(plot + "const c = document.querySelector('.plot canvas'); "
                + "return p.uplot.series[1].show && p.uplot.bbox.width > 100 && !!c && c.width > 100").asBoolean())
                .as("drawn on a canvas").isTrue();
        assertThat(browser.text(".legend-note")).startsWith("4 archived changes in 1 PV(s)");
        browser.screenshot("history");
    }

    @Test
    void aWriteWithoutAKeyShowsTheApisMessage() {
        FirefoxBidi browser = stack.firefox();
        browser.openSignedOut("#/pv/" + URLEncoder.encode(ioc.setpointName(4), StandardCharsets.UTF_8));
        await().atMost(PATIENCE).until(() -> browser.text("[data-value]") != null && !browser.text("[data-value]").isEmpty());
        browser.js("document.querySelector('button[data-write]').click()");
        await().atMost(PATIENCE).until(() -> browser.text(".panel .error") != null && !browser.text(".panel .error").isEmpty());
        assertThat(browser.text(".panel .error")).as("the API's message next to the control")
                .startsWith("401 unauthorized: this request needs an API key");
        browser.screenshot("pv-401");
    }

    private static int rowCount(FirefoxBidi browser) {
        return browser.js("return document.querySelectorAll('.vt-row').length").asInt();
    }

    /** The row keys of the virtual table in display order (the rendered ones). */
    private static List<String> shownRows(FirefoxBidi browser) {
        List<String> rows = new ArrayList<>();
        browser.js("return [...document.querySelectorAll('main .vt-row')]"
                + ".sort((a, b) => a.dataset.index - b.dataset.index).map(r => r.dataset.key)")
                .forEach(key -> rows.add(key.asText()));
        return rows;
    }

    private static String data(FirefoxBidi browser, String css, String field) {
        JsonNode value = browser.js("const e = document.querySelector(arguments[0]); "
                + "return e ? e.dataset[arguments[1]] ?? null : null", css, field);
        return value.isNull() ? null : value.asText();
    }

    private static List<Double> numbers(JsonNode array) {
        List<Double> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asDouble()));
        return values;
    }

    /** Signs the browser in with {@code key} (as the Keys page does: sessionStorage) and loads {@code route}. */
    private static FirefoxBidi signedIn(String key, String route) {
        FirefoxBidi browser = stack.firefox();
        browser.openSignedOut("#/no-such-page");
        browser.js("sessionStorage.setItem('pvstream.apiKey', arguments[0])", key);
        browser.open(route);
        browser.reload();
        return browser;
    }
}

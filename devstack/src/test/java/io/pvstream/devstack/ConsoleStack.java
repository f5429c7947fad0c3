package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

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
}

package io.pvstream.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Pattern;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * A headless Chromium (Debian's {@code chromium} driven by Debian's {@code chromium-driver}, both named explicitly so
 * Selenium Manager never looks for a browser on the network) at 1280×800 on the console of one query-api instance.
 * It keeps the browser's console log: {@link #takeUnexpectedErrors} answers every error entry since the last call
 * but those a test announced with {@link #expectError} (a 401 the page is meant to show, say).
 */
final class ConsoleBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private final ChromeDriver driver;
    private final String origin;
    private final List<Pattern> expected = new ArrayList<>();

    ConsoleBrowser(int port) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,800", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"); // loopback only
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        origin = "http://127.0.0.1:" + port;
    }

    /** Opens a console route ({@code "#/pvs"}) in a fresh page load. */
    void open(String route) {
        driver.get(origin + "/console/" + route);
    }

    /** Loads the page again (the console reads the signed-in key at load). */
    void reload() {
        driver.navigate().refresh();
    }

    /** Forgets the signed-in key (sessionStorage) and opens {@code route} anew. */
    void openSignedOut(String route) {
        driver.get(origin + "/console/");
        js("sessionStorage.clear()");
        open(route);
        reload();
    }

    /** Goes to a route in the loaded console (a hash change: no reload). */
    void go(String route) {
        js("location.hash = arguments[0]", route);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /**
     * The text of the first element matching {@code css} as rendered, or null if there is none. Read in one script,
     * so an element a live update replaces between finding and reading it is never stale.
     */
    String text(String css) {
        return (String) js("const e = document.querySelector(arguments[0]); return e ? e.innerText : null", css);
    }

    /** Saves a screenshot as {@code target/console-screenshots/NAME.png}. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A console error the current test causes on purpose (matched against the log message), until the next check. */
    void expectError(String regex) {
        expected.add(Pattern.compile(regex));
    }

    /** Every error of the browser's console since the last call that no {@link #expectError} matches. */
    List<String> takeUnexpectedErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()
                    && expected.stream().noneMatch(p -> p.matcher(entry.getMessage()).find())) {
                errors.add(entry.getMessage());
            }
        }
        expected.clear();
        return errors;
    }

    ChromeDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        driver.quit();
    }
}

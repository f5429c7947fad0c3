package io.pvstream.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A headless Firefox ESR (Debian's {@code firefox-esr}) at 1280×800 on the console of one query-api instance, driven
 * over WebDriver BiDi, which Firefox speaks itself: no geckodriver (it is only on GitHub, unreachable here). Selenium's
 * BiDi classes ride on a classic WebDriver session that only geckodriver opens, so this is a small client of its own:
 * one WebSocket to {@code ws://127.0.0.1:PORT/session}, {@code session.new}, commands matched to answers by id.
 * Like {@link ConsoleBrowser} it keeps the browser console's errors ({@code log.entryAdded}, level error) for
 * {@link #takeUnexpectedErrors}. {@link #close} ends the browser and its content processes and deletes the profile.
 */
final class FirefoxBidi implements AutoCloseable {

    static final Path FIREFOX = Path.of("/usr/bin/firefox-esr");
    static final String ESCAPE = "\uE00C";
    private static final Pattern LISTENING = Pattern.compile("WebDriver BiDi listening on (ws://\\S+)");
    private static final long ANSWER_SECONDS = 60;
    /** The profile's prefs (user.js): every network service off, loopback only; the file says which and why. */
    private static final String USER_JS = "/firefox-user.js";

    private final ObjectMapper json = new ObjectMapper();
    private final Path profile;
    private final Process process;
    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();
    private final List<String> errors = new ArrayList<>();
    private final List<Pattern> expected = new ArrayList<>();
    private final String context;
    private final String origin;

    FirefoxBidi(int port) {
        origin = "http://127.0.0.1:" + port;
        try {
            profile = Files.createTempDirectory("pvstream-firefox-");
            try (InputStream prefs = FirefoxBidi.class.getResourceAsStream(USER_JS)) {
                Files.copy(prefs, profile.resolve("user.js"));
            }
            ProcessBuilder builder = new ProcessBuilder(FIREFOX.toString(), "--headless", "--no-remote",
                    "--remote-debugging-port=0", "--profile", profile.toString(), "about:blank");
            builder.environment().put("MOZ_CRASHREPORTER_DISABLE", "1");
            process = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(awaitListening() + "/session"), new Listener()).join();
            command("session.new", Map.of("capabilities", Map.of()));
            command("session.subscribe", Map.of("events", List.of("log.entryAdded")));
            context = command("browsingContext.getTree", Map.of()).path("contexts").get(0).path("context").asText();
            command("browsingContext.setViewport", Map.of("context", context,
                    "viewport", Map.of("width", 1280, "height", 800)));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Reads Firefox's stderr until it names its BiDi address; a daemon thread drains the rest (a full pipe blocks it). */
    private String awaitListening() {
        CompletableFuture<String> address = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        address.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                address.completeExceptionally(e);
            }
            address.completeExceptionally(new IllegalStateException("Firefox exited before listening"));
        }, "firefox-stderr");
        reader.setDaemon(true);
        reader.start();
        return address.orTimeout(ANSWER_SECONDS, TimeUnit.SECONDS).join();
    }

    /** Sends one BiDi command and answers its result; an error answer throws. */
    JsonNode command(String method, Object params) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        answers.put(id, answer);
        ObjectNode message = json.createObjectNode().put("id", id).put("method", method);
        message.set("params", json.valueToTree(params));
        synchronized (socket) { // one send at a time, as java.net.http.WebSocket requires
            socket.sendText(message.toString(), true).join();
        }
        JsonNode reply = answer.orTimeout(ANSWER_SECONDS, TimeUnit.SECONDS).join();
        if ("error".equals(reply.path("type").asText())) {
            throw new IllegalStateException(method + ": " + reply.path("error").asText() + ": " + reply.path("message").asText());
        }
        return reply.path("result");
    }

    /** Opens a console route ({@code "#/pvs"}) in a fresh page load, answering once the load is complete. */
    void open(String route) {
        command("browsingContext.navigate", Map.of("context", context, "url", origin + "/console/" + route,
                "wait", "complete"));
    }

    /** Forgets the signed-in key (sessionStorage) and loads {@code route} anew. */
    void openSignedOut(String route) {
        open("#/no-such-page");
        js("sessionStorage.clear()");
        open(route);
        reload();
    }

    /** Loads the page again (the console reads the signed-in key at load). */
    void reload() {
        command("browsingContext.reload", Map.of("context", context, "wait", "complete"));
    }

    /** Goes to a route in the loaded console (a hash change: no reload). */
    void go(String route) {
        js("location.hash = arguments[0]", route);
    }

    /**
     * Runs {@code body} as a function of {@code arguments} (as Selenium's executeScript does; it may return a
     * promise) and answers what it returns, as JSON: the result passes through JSON.stringify in the page.
     */
    JsonNode js(String body, Object... args) {
        try {
            String expression = "(async function () {" + body + "\n}).apply(null, " + json.writeValueAsString(args)
                    + ").then((r) => JSON.stringify(r === undefined ? null : r))";
            JsonNode result = command("script.evaluate", Map.of("expression", expression, "awaitPromise", true,
                    "target", Map.of("context", context)));
            if (!"success".equals(result.path("type").asText())) {
                throw new IllegalStateException("script failed: " + result.path("exceptionDetails").path("text").asText());
            }
            return json.readTree(result.path("result").path("value").asText());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The rendered text (innerText) of the first element matching {@code css}, or null if there is none. */
    String text(String css) {
        JsonNode text = js("const e = document.querySelector(arguments[0]); return e ? e.innerText : null", css);
        return text.isNull() ? null : text.asText();
    }

    /** Presses and releases each key in turn as the keyboard would ({@link #ESCAPE} and the like for special keys). */
    void press(String... keys) {
        List<Map<String, String>> actions = new ArrayList<>();
        for (String key : keys) {
            actions.add(Map.of("type", "keyDown", "value", key));
            actions.add(Map.of("type", "keyUp", "value", key));
        }
        command("input.performActions", Map.of("context", context,
                "actions", List.of(Map.of("type", "key", "id", "keyboard", "actions", actions))));
    }

    /** Saves a screenshot of the viewport as {@code target/console-screenshots/firefox-NAME.png}. */
    Path screenshot(String name) {
        String png = command("browsingContext.captureScreenshot", Map.of("context", context)).path("data").asText();
        try {
            Files.createDirectories(ConsoleBrowser.SCREENSHOTS);
            return Files.write(ConsoleBrowser.SCREENSHOTS.resolve("firefox-" + name + ".png"),
                    Base64.getDecoder().decode(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A console error the current test causes on purpose (matched against the log text), until the next check. */
    synchronized void expectError(String regex) {
        expected.add(Pattern.compile(regex));
    }

    /** Every error of the browser's console since the last call that no {@link #expectError} matches. */
    synchronized List<String> takeUnexpectedErrors() {
        List<String> unexpected = errors.stream()
                .filter(text -> expected.stream().noneMatch(p -> p.matcher(text).find())).toList();
        errors.clear();
        expected.clear();
        return unexpected;
    }

    private synchronized void logged(JsonNode entry) {
        if ("error".equals(entry.path("level").asText())) {
            errors.add(entry.path("text").asText());
        }
    }

    /** Ends the session and the browser, then kills what is left of its process tree and deletes the profile. */
    @Override
    public void close() {
        List<ProcessHandle> tree = Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
        try {
            if (socket != null) {
                command("browser.close", Map.of());
            }
        } catch (RuntimeException e) {
            // the kill below ends it as well
        }
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        tree.forEach(handle -> handle.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> handle).join());
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers go to the command that waits for their id; log entries to the error list. Messages may come in parts. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder parts = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            parts.append(data);
            if (last) {
                try {
                    JsonNode message = json.readTree(parts.toString());
                    if (message.hasNonNull("id")) {
                        CompletableFuture<JsonNode> answer = answers.remove(message.path("id").asLong());
                        if (answer != null) {
                            answer.complete(message);
                        }
                    } else if ("log.entryAdded".equals(message.path("method").asText())) {
                        logged(message.path("params"));
                    }
                } catch (JsonProcessingException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    parts.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}

package io.pvstream.records.keys;

import java.io.PrintStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first admin key. Either it comes from configuration ({@value #CONFIG_KEY}: every
 * instance configured with it accepts it as {@link #CONFIGURED_PRINCIPAL}, nothing is stored), or, when there is
 * none and no key exists at all yet, one instance generates an ordinary admin key named {@value #GENERATED_NAME} and
 * prints it <b>once</b> to standard output, clearly marked, never through the logger (log files are kept, shipped
 * and read by many; a terminal is not). It can be revoked like any key once other admin keys exist.
 *
 * <p>Two instances starting at the same moment on an empty cluster may both generate one; both keys are valid
 * and listed, revoke the spare one.
 */
public final class KeyBootstrap {

    /** The configuration key of the admin key from configuration (query-api's {@code SecurityConfig} reads it). */
    public static final String CONFIG_KEY = "security.bootstrap.admin.key";
    public static final String CONFIGURED_KEY_ID = "bootstrap";
    public static final Principal CONFIGURED_PRINCIPAL = new Principal(CONFIGURED_KEY_ID, "bootstrap-admin", KeyRole.ADMIN);
    public static final String GENERATED_NAME = "admin";

    private static final Logger log = LoggerFactory.getLogger(KeyBootstrap.class);

    private KeyBootstrap() {
    }

    /**
     * Generates and prints the first admin key if no key exists yet (and none is configured); call once the key
     * topic has been read.
     *
     * @return whether a key was generated
     */
    public static boolean generateIfNoKey(ApiKeys keys, PrintStream out) {
        if (!keys.noKeyYet()) {
            return false;
        }
        ApiKeys.Created created = keys.create(GENERATED_NAME, KeyRole.ADMIN, null);
        String line = "=".repeat(100);
        synchronized (out) {
            out.println(line);
            out.println("pvstream: no API key existed, so this admin key was generated. It is shown only this once:");
            out.println();
            out.println("    " + created.secret());
            out.println();
            out.println("Send it as 'Authorization: Bearer <key>'. Create keys for people and programs with it");
            out.println("(POST /api/v1/keys {\"name\",\"role\"}), then revoke it (DELETE /api/v1/keys/"
                    + created.key().getId() + ").");
            out.println(line);
            out.flush();
        }
        log.warn("no API key existed: generated admin key {} ('{}') and printed it to standard output once",
                created.key().getId(), GENERATED_NAME);
        return true;
    }
}

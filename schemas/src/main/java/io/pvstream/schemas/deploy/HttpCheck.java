package io.pvstream.schemas.deploy;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The health check of the container images, which hold no shell and no curl: exits 0 when {@code GET <url>}
 * answers 2xx within the timeout, 1 otherwise (printing why).
 *
 * <pre>java -cp '/app/libs/*' io.pvstream.schemas.deploy.HttpCheck http://localhost:8080/api/v1/health/ready</pre>
 */
public final class HttpCheck {

    private static final int TIMEOUT_MS = 3_000;

    private HttpCheck() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: HttpCheck URL");
            System.exit(2);
        }
        System.exit(check(args[0]) ? 0 : 1);
    }

    /** True when {@code url} answers 2xx. */
    static boolean check(String url) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(TIMEOUT_MS);
            connection.setReadTimeout(TIMEOUT_MS);
            int status = connection.getResponseCode();
            connection.disconnect();
            if (status / 100 != 2) {
                System.err.println(url + " answered " + status);
            }
            return status / 100 == 2;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println(url + ": " + e);
            return false;
        }
    }
}

package io.pvstream.records.db;

/** What the API may say about a JDBC URL: its host and port, never its parameters (they may hold a password). */
public final class JdbcUrls {

    private static final String PREFIX = "jdbc:postgresql://";
    private static final int DEFAULT_PORT = 5432;

    private JdbcUrls() {
    }

    /**
     * {@code host:port} of a PostgreSQL JDBC URL, e.g. {@code 127.0.0.1:5433} (port 5432 when none is given;
     * several hosts stay comma-separated as written).
     */
    public static String hostPort(String url) {
        if (!url.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)");
        }
        String rest = url.substring(PREFIX.length());
        int end = rest.length();
        for (char stop : new char[] {'/', '?'}) {
            int at = rest.indexOf(stop);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        String hosts = rest.substring(0, end);
        if (hosts.contains("@")) {
            hosts = hosts.substring(hosts.lastIndexOf('@') + 1); // never echo user:password@
        }
        if (hosts.isEmpty()) {
            return "localhost:" + DEFAULT_PORT;
        }
        int bracket = hosts.lastIndexOf(']');
        boolean hasPort = hosts.indexOf(':', bracket + 1) >= 0 || hosts.contains(",");
        return hasPort ? hosts : hosts + ":" + DEFAULT_PORT;
    }
}

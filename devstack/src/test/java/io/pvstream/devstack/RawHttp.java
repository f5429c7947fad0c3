package io.pvstream.devstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection: sends the request line exactly as given (bad percent
 * encodings, raw bytes, paths no URI class accepts), whatever body and headers, and reads the answer until the server
 * closes. A request the server leaves unanswered for {@link #TIMEOUT_MS} is reported as hung, not waited for.
 */
final class RawHttp {

    static final int TIMEOUT_MS = 15_000;

    /** status -1: hung (no answer in time); -2: the connection failed before any answer. */
    record Answer(int status, String contentType, String body) {
    }

    private RawHttp() {
    }

    static Answer send(int port, String method, String target, Map<String, String> headers, byte[] body) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(TIMEOUT_MS);
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            boolean framed = headers.keySet().stream().anyMatch(name -> name.equalsIgnoreCase("Content-Length")
                    || name.equalsIgnoreCase("Transfer-Encoding"));
            if (body != null && !framed) { // an attack may frame the body itself, wrongly
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            // written on its own thread: a server may answer (413) and stop reading before a huge body is sent
            Thread writer = new Thread(() -> write(socket, head.toString().getBytes(StandardCharsets.ISO_8859_1), body),
                    "raw-http-writer");
            writer.setDaemon(true);
            writer.start();
            byte[] response = readAll(socket.getInputStream());
            return parse(response);
        } catch (SocketTimeoutException e) {
            return new Answer(-1, "", "no answer within " + TIMEOUT_MS + " ms");
        } catch (IOException e) {
            return new Answer(-2, "", String.valueOf(e));
        }
    }

    private static void write(Socket socket, byte[] head, byte[] body) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(head);
            if (body != null) {
                for (int at = 0; at < body.length; at += 64 * 1024) {
                    out.write(body, at, Math.min(64 * 1024, body.length - at));
                }
            }
            out.flush();
        } catch (IOException e) {
            // the server stopped reading (it has answered, or closed): the answer tells
        }
    }

    /** Until the server closes; what arrived before a reset still counts. */
    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            if (out.size() == 0) {
                throw e;
            }
        }
        return out.toByteArray();
    }

    private static Answer parse(byte[] response) {
        String text = new String(response, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || headEnd < 0) {
            return new Answer(-2, "", "not an HTTP answer: " + text.substring(0, Math.min(200, text.length())));
        }
        int status = Integer.parseInt(text.substring(9, 12));
        String contentType = "";
        boolean chunked = false;
        for (String line : text.substring(0, headEnd).split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-type:")) {
                contentType = line.substring(13).trim();
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(response, headEnd + 4, response.length);
        return new Answer(status, contentType, new String(chunked ? unchunk(body) : body, StandardCharsets.UTF_8));
    }

    private static byte[] unchunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOfCrlf(chunked, at);
            if (lineEnd < 0) {
                break;
            }
            String size = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int length = size.isEmpty() ? 0 : Integer.parseInt(size, 16);
            if (length == 0) {
                break;
            }
            int start = lineEnd + 2;
            out.write(chunked, start, Math.min(length, chunked.length - start));
            at = start + length + 2;
        }
        return out.toByteArray();
    }

    private static int indexOfCrlf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}

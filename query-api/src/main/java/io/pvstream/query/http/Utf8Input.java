package io.pvstream.query.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * Input must be valid UTF-8, checked strictly. Jetty decodes a bad byte sequence in the URL into U+FFFD and Jackson
 * reads an overlong sequence such as {@code C0 AF} as '/', so without this a PV named "\uFFFD\uFFFD" could be
 * created through {@code PUT /api/v1/config/pvs/%C0%AF}, and a tag name could hide a slash from any check that looks
 * at the bytes. Refused with 400 instead, before any handler runs.
 */
public final class Utf8Input {

    private Utf8Input() {
    }

    /** Checks the raw (still percent-encoded) path and query string of every request. */
    public static void install(Javalin app) {
        app.before(Utf8Input::checkUrl);
    }

    static void checkUrl(Context ctx) {
        if (!decodesStrictly(ctx.req().getRequestURI()) || ctx.queryString() != null
                && !decodesStrictly(ctx.queryString())) {
            throw ApiException.badRequest("the URL is not valid UTF-8 once percent-decoded");
        }
    }

    /** Whether {@code raw} percent-decodes to valid UTF-8 (a malformed escape is Jetty's to refuse, and passes). */
    static boolean decodesStrictly(String raw) {
        if (raw.indexOf('%') < 0) {
            return true;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
                bytes.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return isUtf8(bytes.toByteArray());
    }

    /** The body as text; 400 if it is not valid UTF-8. */
    public static String text(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("the body is not valid UTF-8");
        }
    }

    /** Javalin's body (its size limit applies) as strictly decoded text. */
    public static String body(Context ctx) {
        return text(ctx.bodyAsBytes());
    }

    static boolean isUtf8(byte[] bytes) {
        try {
            text(bytes);
            return true;
        } catch (ApiException e) {
            return false;
        }
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}

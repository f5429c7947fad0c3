package io.pvstream.records.keys;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.pvstream.records.DomainException;

/** Where a newest-first page of the audit trail continues: after (older than) the event at {@code atNs}/{@code id}. */
public record AuditCursor(long atNs, String id) {

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((atNs + "/" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** @return null for a null or blank cursor; 400 for one the API did not hand out */
    public static AuditCursor decode(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int slash = plain.indexOf('/');
            return new AuditCursor(Long.parseLong(plain.substring(0, slash)), plain.substring(slash + 1));
        } catch (RuntimeException e) {
            throw new DomainException.Invalid("cursor: pass nextCursor of the previous page as it is");
        }
    }
}

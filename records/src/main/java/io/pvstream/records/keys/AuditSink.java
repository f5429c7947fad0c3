package io.pvstream.records.keys;

import io.pvstream.schemas.avro.AuditEvent;

/** Where audit events go ({@code security.audit} and the audit table); never blocks the request. */
@FunctionalInterface
public interface AuditSink {

    void record(AuditEvent event);
}

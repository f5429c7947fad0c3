package io.pvstream.records.buffer;

import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What every entity controller shares.
 *
 * @param ids          source of the pre-generated entity and transaction ids
 * @param maxBodyBytes largest write body ({@code http.max.request.bytes})
 */
public record OpsContext(PendingOverlay overlay, TxPublisher publisher, ObjectMapper mapper, Supplier<UUID> ids, Clock clock,
                  long maxBodyBytes) {
}

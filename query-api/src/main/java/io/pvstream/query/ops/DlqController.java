package io.pvstream.query.ops;

import java.util.Map;

import io.javalin.http.Context;
import io.pvstream.query.http.ApiException;
import io.pvstream.schemas.Topics;
import io.pvstream.records.buffer.DeadLetter;
import io.pvstream.records.buffer.DeadLetters;

/**
 * {@code GET /api/v1/ops/dlq?after=&limit=} lists dead letters; {@code POST /api/v1/ops/dlq/{offset}/replay}
 * puts one back on its apply topic (202: appended; the sink applies it again, an idempotent upsert).
 */
final class DlqController {

    static final String PATH = "/api/v1/ops/dlq";
    static final String REPLAY_PATH = "/api/v1/ops/dlq/{offset}/replay";
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final DeadLetters deadLetters;

    DlqController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    void list(Context ctx) {
        int limit = ctx.queryParamAsClass("limit", Integer.class)
                .check(value -> value >= 1 && value <= MAX_LIMIT, "must be between 1 and " + MAX_LIMIT)
                .getOrDefault(DEFAULT_LIMIT);
        Long after = ctx.queryParamAsClass("after", Long.class).allowNullable()
                .check(value -> value == null || value >= 0, "must be an offset >= 0").get();
        var items = kafka(() -> deadLetters.list(after, limit));
        String next = items.size() == limit ? Long.toString(items.get(items.size() - 1).offset()) : null;
        Map<String, Object> page = new java.util.LinkedHashMap<>();
        page.put("items", items);
        page.put("next", next);
        ctx.json(page);
    }

    void replay(Context ctx) {
        long offset = ctx.pathParamAsClass("offset", Long.class)
                .check(value -> value >= 0, "must be an offset >= 0").get();
        DeadLetter dead = kafka(() -> deadLetters.find(offset))
                .orElseThrow(() -> ApiException.notFound("no dead letter at offset " + offset + " of " + Topics.OPS_TX_DLQ));
        if (!isReplayable(dead)) {
            throw new ApiException(409, "conflict", "dead letter " + offset + " came from "
                    + dead.originalTopic() + ", not an " + Topics.OPS_APPLY_PREFIX + "* topic: not replayed");
        }
        ctx.status(202).json(kafka(() -> deadLetters.replay(offset)));
    }

    /** Only rows of the apply topics go back: anything else in the topic was not put there by the JDBC sink. */
    static boolean isReplayable(DeadLetter dead) {
        return dead.originalTopic() != null && dead.originalTopic().startsWith(Topics.OPS_APPLY_PREFIX);
    }

    private interface KafkaCall<T> {
        T call() throws Exception;
    }

    private static <T> T kafka(KafkaCall<T> call) {
        try {
            return call.call();
        } catch (ApiException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while reading " + Topics.OPS_TX_DLQ);
        } catch (Exception e) {
            throw ApiException.unavailable("Kafka cannot serve " + Topics.OPS_TX_DLQ + " now: " + e);
        }
    }
}

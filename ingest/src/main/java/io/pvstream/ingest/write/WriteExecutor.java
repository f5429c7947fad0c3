package io.pvstream.ingest.write;

import java.util.function.Consumer;

import io.pvstream.schemas.avro.PvWrite;
import io.pvstream.schemas.avro.PvWriteResult;

/** Performs write commands asynchronously: returns at once, reports each outcome exactly once. */
public interface WriteExecutor {

    void submit(PvWrite command, Consumer<PvWriteResult> onResult);
}

package io.pvstream.query.health;

/** Whether the Kafka cluster answers now. */
public interface KafkaProbe {

    /** The configured bootstrap servers, for the health report. */
    String bootstrap();

    /** True if the cluster answered within the probe's timeout. Never throws. */
    boolean reachable();
}

package io.pvstream.records.keys;

import io.pvstream.schemas.avro.ApiKey;

/** Makes a new or revoked key durable and known to every instance ({@code security.keys}, the api_key table). */
public interface KeyPublisher {

    /**
     * Returns once Kafka has acknowledged the key.
     *
     * @throws io.pvstream.records.DomainException.Unavailable if Kafka did not
     */
    void publish(ApiKey key);
}

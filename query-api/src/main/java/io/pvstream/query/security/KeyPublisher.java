package io.pvstream.query.security;

import io.pvstream.schemas.avro.ApiKey;

/** Makes a new or revoked key durable and known to every instance ({@code security.keys}, the api_key table). */
public interface KeyPublisher {

    /**
     * Returns once Kafka has acknowledged the key.
     *
     * @throws io.pvstream.query.http.ApiException 503 if Kafka did not
     */
    void publish(ApiKey key);
}

package io.pvstream.records.keys;

/**
 * Who makes a request: the API key it was authenticated with.
 *
 * @param keyId id of the key ({@value KeyBootstrap#CONFIGURED_KEY_ID} for the bootstrap key from configuration)
 * @param name  the key's name: the author of what the request writes
 */
public record Principal(String keyId, String name, KeyRole role) {
}

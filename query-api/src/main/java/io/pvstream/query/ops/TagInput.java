package io.pvstream.query.ops;

/** A validated tag body of POST or PUT. */
public record TagInput(String name, String description) {
}

package io.pvstream.records.catalog;

/** A validated tag body of POST or PUT. */
public record TagInput(String name, String description) {
}

package io.jstap.dropwatch;

/** {@code count} drops at one {@link DropSite}. */
public record DropCount(DropSite site, long count) {}

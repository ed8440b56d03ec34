package io.jstap.format;

public record LongValue(long value) implements ScriptValue {}

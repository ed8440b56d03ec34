package io.jstap.runtime.format;

public record LongValue(long value) implements ScriptValue {}

package io.jstap.format;

/** A value of a script global, as the end-of-run dump prints it. */
public sealed interface ScriptValue permits LongValue, StringValue, StatSummary {}

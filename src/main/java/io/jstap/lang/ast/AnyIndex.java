package io.jstap.lang.ast;

import io.jstap.lang.Span;

/** {@code *} in place of an array key: matches any key (array slices, {@code delete a[*, 3]}). */
public record AnyIndex(Span span) implements Expr {}

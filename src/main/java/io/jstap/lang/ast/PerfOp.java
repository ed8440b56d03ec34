package io.jstap.lang.ast;

import io.jstap.lang.Span;

/** {@code @perf("counter")}: the value of a perf counter declared by a {@code perf} probe. */
public record PerfOp(Span span, String counter) implements Expr {}

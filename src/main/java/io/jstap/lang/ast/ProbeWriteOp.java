package io.jstap.lang.ast;

import io.jstap.lang.Span;

/** {@code @probewrite(var)}: 1 when the probe handler assigns {@code var}, else 0. */
public record ProbeWriteOp(Span span, String variable) implements Expr {}

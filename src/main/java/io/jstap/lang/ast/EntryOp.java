package io.jstap.lang.ast;

import io.jstap.lang.Span;

/** {@code @entry(expr)} in a return probe: {@code expr}'s value when the function was entered. */
public record EntryOp(Span span, Expr operand) implements Expr {}

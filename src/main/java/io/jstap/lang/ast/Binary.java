package io.jstap.lang.ast;

import io.jstap.lang.Span;

/** A binary operation: arithmetic, bits, shifts, {@code .} concatenation, comparison, logic. */
public record Binary(Span span, BinaryOp op, Expr left, Expr right) implements Expr {}

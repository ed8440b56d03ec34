package io.jstap.lang.ast;

import io.jstap.lang.Span;

/** {@code +x}, {@code -x}, {@code !x}, {@code ~x}. */
public record Unary(Span span, UnaryOp op, Expr operand) implements Expr {}

package io.jstap.lang.ast;

import io.jstap.lang.Span;

/** {@code @defined(expr)}: 1 when {@code expr} (usually a target variable) resolves, else 0. */
public record DefinedOp(Span span, Expr operand) implements Expr {}

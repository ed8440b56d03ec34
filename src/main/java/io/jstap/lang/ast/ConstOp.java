package io.jstap.lang.ast;

import io.jstap.lang.Span;

/** {@code @const("C_EXPRESSION")}: a C constant (guru mode only). */
public record ConstOp(Span span, String expression) implements Expr {}

package io.jstap.lang.ast;

import io.jstap.lang.Span;

/** {@code condition ? ifTrue : ifFalse}. */
public record Ternary(Span span, Expr condition, Expr ifTrue, Expr ifFalse) implements Expr {}

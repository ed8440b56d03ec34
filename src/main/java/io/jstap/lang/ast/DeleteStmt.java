package io.jstap.lang.ast;

import io.jstap.lang.Span;

/**
 * {@code delete target}: a whole array or statistic ({@link Variable}), one element ({@link
 * ArrayIndex}, where {@link AnyIndex} keys delete every matching element), or a scalar.
 */
public record DeleteStmt(Span span, Expr target) implements Stmt {}

package io.jstap.lang.ast;

import io.jstap.lang.Span;

/** An expression evaluated for its effect: {@code x = 1}, {@code printf(...)}, {@code a[k]++}. */
public record ExprStmt(Span span, Expr expr) implements Stmt {}

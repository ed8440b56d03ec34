package io.jstap.lang.ast;

import io.jstap.lang.Span;

/** {@code return [value]} from a function; {@code value} is null for a bare return. */
public record ReturnStmt(Span span, Expr value) implements Stmt {}

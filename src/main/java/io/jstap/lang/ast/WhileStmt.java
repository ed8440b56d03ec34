package io.jstap.lang.ast;

import io.jstap.lang.Span;

/** {@code while (condition) body}. */
public record WhileStmt(Span span, Expr condition, Stmt body) implements Stmt {}

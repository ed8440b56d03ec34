package io.jstap.lang.ast;

import io.jstap.lang.Span;

/** {@code if (condition) then [else otherwise]}; {@code otherwise} is null without else. */
public record IfStmt(Span span, Expr condition, Stmt then, Stmt otherwise) implements Stmt {}

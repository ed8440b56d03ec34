package io.jstap.lang.ast;

import io.jstap.lang.Span;

/**
 * {@code for (init; condition; update) body}. Each of the three may be left out and is then
 * null; a missing condition means "always".
 */
public record ForStmt(Span span, Expr init, Expr condition, Expr update, Stmt body)
    implements Stmt {}

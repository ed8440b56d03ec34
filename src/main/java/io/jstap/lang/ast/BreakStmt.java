package io.jstap.lang.ast;

import io.jstap.lang.Span;

/** {@code break} out of the innermost loop. */
public record BreakStmt(Span span) implements Stmt {}

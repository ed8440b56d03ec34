package io.jstap.lang.ast;

import io.jstap.lang.Span;

/** {@code continue} with the next iteration of the innermost loop. */
public record ContinueStmt(Span span) implements Stmt {}

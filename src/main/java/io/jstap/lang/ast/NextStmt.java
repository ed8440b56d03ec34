package io.jstap.lang.ast;

import io.jstap.lang.Span;

/** {@code next}: leave the probe handler (or function) at once. */
public record NextStmt(Span span) implements Stmt {}

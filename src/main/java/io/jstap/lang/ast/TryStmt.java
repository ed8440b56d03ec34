package io.jstap.lang.ast;

import io.jstap.lang.Span;

/**
 * {@code try { body } catch [(message)] { handler }}: run-time errors in the body run the
 * handler instead of ending the session.
 *
 * @param messageVariable receives the error message, or null
 */
public record TryStmt(Span span, Block body, Variable messageVariable, Block handler)
    implements Stmt {}

package io.jstap.lang.ast;

import io.jstap.lang.Span;

/**
 * {@code @uregister(n)} or {@code @kregister(n)} (guru mode): DWARF register number {@code n}
 * of the probed user or kernel context.
 */
public record RegisterOp(Span span, boolean user, long register) implements Expr {}

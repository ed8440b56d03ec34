package io.jstap.lang.ast;

import io.jstap.lang.Span;

/**
 * {@code @uderef(size, address)} or {@code @kderef(size, address)} (guru mode): reads a
 * {@code size}-byte integer from user or kernel memory.
 */
public record DerefOp(Span span, boolean user, long size, Expr address) implements Expr {}

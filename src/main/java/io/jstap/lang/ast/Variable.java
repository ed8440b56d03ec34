package io.jstap.lang.ast;

import io.jstap.lang.Span;

/** A script variable (local, global, or parameter) named by a plain identifier. */
public record Variable(Span span, String name) implements Expr {}

package io.jstap.lang.ast;

import io.jstap.lang.Span;

/** {@code %{ C %}} in expression position (guru mode only); {@code code} is verbatim. */
public record EmbeddedExpr(Span span, String code) implements Expr {}

package io.jstap.lang.ast;

import io.jstap.lang.Span;

/** {@code subject =~ "regex"} or, negated, {@code subject !~ "regex"}. */
public record RegexMatch(Span span, Expr subject, boolean negated, StringLit pattern)
    implements Expr {}

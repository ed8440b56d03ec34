package io.jstap.lang.ast;

import io.jstap.lang.Span;

/** {@code target OP value}: assignment, compound assignment, or {@code <<<} (add to a statistic). */
public record Assign(Span span, AssignOp op, Expr target, Expr value) implements Expr {}

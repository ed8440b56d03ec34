package io.jstap.lang.ast;

import io.jstap.lang.Span;

/** {@code ++x}, {@code --x}, {@code x++}, {@code x--}. */
public record Crement(Span span, CrementOp op, Expr operand) implements Expr {}

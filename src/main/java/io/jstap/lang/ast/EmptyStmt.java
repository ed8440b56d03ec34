package io.jstap.lang.ast;

import io.jstap.lang.Span;

/** A lone {@code ;} (a semicolon right after a statement belongs to that statement). */
public record EmptyStmt(Span span) implements Stmt {}

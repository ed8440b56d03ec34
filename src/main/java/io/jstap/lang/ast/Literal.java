package io.jstap.lang.ast;

/** A number or string literal: what probe point parameters and global initializers may be. */
public sealed interface Literal extends Expr permits NumberLit, StringLit {}

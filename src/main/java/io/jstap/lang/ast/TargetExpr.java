package io.jstap.lang.ast;

import java.util.List;

/**
 * A value of the traced program: a context variable ({@code $var}), a typed cast
 * ({@code @cast}), a named variable ({@code @var}), or any value used as a pointer ({@code
 * ptr->field}, {@code &x}). Each may be followed by member, index and pretty-print
 * components, and preceded by {@code &} (take the address instead of the value).
 */
public sealed interface TargetExpr extends Expr permits TargetVar, CastOp, AtVar, Autocast {
  /** {@code ->member}, {@code [index]}, {@code $}/{@code $$} after the base, in order. */
  List<TargetComponent> components();

  /** {@code &} before the expression. */
  boolean addressOf();
}

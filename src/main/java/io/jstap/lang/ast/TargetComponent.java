package io.jstap.lang.ast;

import io.jstap.lang.Span;

/** A suffix of a {@link TargetExpr}. */
public sealed interface TargetComponent extends Node
    permits TargetComponent.Member, TargetComponent.Index, TargetComponent.PrettyPrint {

  /** {@code ->name}: a struct or union member (through a pointer or not). */
  record Member(Span span, String name) implements TargetComponent {}

  /** {@code [index]}: an array element or pointer offset. */
  record Index(Span span, Expr index) implements TargetComponent {}

  /**
   * {@code $} (pretty-print the value) or {@code $$} (and what it points to, recursively):
   * always the last component.
   *
   * @param dollars {@code "$"} or {@code "$$"}
   */
  record PrettyPrint(Span span, String dollars) implements TargetComponent {}
}

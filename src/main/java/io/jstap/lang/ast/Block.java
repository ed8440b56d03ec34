package io.jstap.lang.ast;

import io.jstap.lang.Span;
import java.util.List;

/** {@code { statements }}. Local variables are not declared: they appear on first assignment. */
public record Block(Span span, List<Stmt> statements) implements Stmt, FunctionBody {
  public Block {
    statements = List.copyOf(statements);
  }
}

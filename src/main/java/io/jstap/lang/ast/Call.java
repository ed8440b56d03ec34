package io.jstap.lang.ast;

import io.jstap.lang.Span;
import java.util.List;

/**
 * A function call, including the print family. The parser checks the print family's shape,
 * so a checker may rely on it: {@code printf}/{@code sprintf} take a {@link StringLit} format
 * first; {@code printd}/{@code printdln}/{@code sprintd}/{@code sprintdln} a {@link StringLit}
 * delimiter and at least two values; {@code print}/{@code sprint}/{@code print_char} at least
 * one value; {@code print}/{@code println}/{@code sprint}/{@code sprintln} may take a single
 * {@link HistogramOp}, which prints the histogram.
 */
public record Call(Span span, String function, List<Expr> args) implements Expr {
  public Call {
    args = List.copyOf(args);
  }
}

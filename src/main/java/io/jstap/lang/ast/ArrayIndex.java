package io.jstap.lang.ast;

import io.jstap.lang.Span;
import java.util.List;

/**
 * {@code array[k1, k2]}, or a histogram bucket {@code @hist_log(s)[3]}. An {@link AnyIndex}
 * key ({@code *}) matches every key, in {@code delete} and membership tests.
 *
 * @param base a {@link Variable} or a {@link HistogramOp}
 */
public record ArrayIndex(Span span, Expr base, List<Expr> indexes) implements Expr {
  public ArrayIndex {
    indexes = List.copyOf(indexes);
  }
}

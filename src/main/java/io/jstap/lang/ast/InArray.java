package io.jstap.lang.ast;

import io.jstap.lang.Span;
import java.util.List;

/**
 * {@code key in array} or {@code [k1, k2] in array}: whether the array holds an element with
 * those keys ({@link AnyIndex} matches any key).
 *
 * @param array a {@link Variable} or a {@link HistogramOp}
 */
public record InArray(Span span, List<Expr> keys, Expr array) implements Expr {
  public InArray {
    keys = List.copyOf(keys);
  }
}

package io.jstap.lang.ast;

import io.jstap.lang.Span;
import java.util.List;

/**
 * {@code @count(s)}, {@code @sum(s)}, {@code @min(s)}, {@code @max(s)}, {@code @avg(s)},
 * {@code @variance(s[, bitshift])}: a value extracted from a statistic.
 *
 * @param params the extra number parameters ({@code @variance} may take one)
 */
public record StatOp(Span span, StatKind kind, Expr operand, List<Long> params) implements Expr {
  public StatOp {
    params = List.copyOf(params);
  }
}

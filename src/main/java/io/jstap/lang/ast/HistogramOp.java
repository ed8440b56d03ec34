package io.jstap.lang.ast;

import io.jstap.lang.Span;
import java.util.List;

/**
 * {@code @hist_linear(s, low, high, width)} or {@code @hist_log(s)}: a statistic's histogram.
 * It is not a value: the parser accepts it only as {@code print(@hist_...(s))} (and the other
 * print forms), indexed as {@code @hist_log(s)[bucket]}, or iterated by {@code foreach} and
 * {@code in}.
 *
 * @param params low, high, width for linear histograms; empty for logarithmic ones
 */
public record HistogramOp(Span span, HistogramKind kind, Expr operand, List<Long> params)
    implements Expr {
  public HistogramOp {
    params = List.copyOf(params);
  }
}

package io.jstap.lang.ast;

/** The aggregates of a statistic. */
public enum StatKind {
  COUNT("@count"),
  SUM("@sum"),
  MIN("@min"),
  MAX("@max"),
  AVG("@avg"),
  VARIANCE("@variance");

  private final String symbol;

  StatKind(String symbol) {
    this.symbol = symbol;
  }

  /** The operator as written, with its {@code @}. */
  public String symbol() {
    return symbol;
  }
}

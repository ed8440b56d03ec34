package io.jstap.lang.ast;

/** Histogram shapes. */
public enum HistogramKind {
  LINEAR("@hist_linear"),
  LOG("@hist_log");

  private final String symbol;

  HistogramKind(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }
}

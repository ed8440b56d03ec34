package io.jstap.lang.ast;

/** Prefix operators. */
public enum UnaryOp {
  PLUS("+"),
  MINUS("-"),
  NOT("!"),
  BIT_NOT("~");

  private final String symbol;

  UnaryOp(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }
}

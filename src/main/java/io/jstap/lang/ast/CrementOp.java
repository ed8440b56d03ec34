package io.jstap.lang.ast;

/** Increment and decrement, before or after the operand. */
public enum CrementOp {
  PRE_INCREMENT("++", true),
  PRE_DECREMENT("--", true),
  POST_INCREMENT("++", false),
  POST_DECREMENT("--", false);

  private final String symbol;
  private final boolean prefix;

  CrementOp(String symbol, boolean prefix) {
    this.symbol = symbol;
    this.prefix = prefix;
  }

  public String symbol() {
    return symbol;
  }

  public boolean isPrefix() {
    return prefix;
  }
}

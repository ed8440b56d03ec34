package io.jstap.lang.ast;

/** Binary operators, from the loosest binding ({@code ||}) to the tightest ({@code * / %}). */
public enum BinaryOp {
  OR("||"),
  AND("&&"),
  BIT_OR("|"),
  BIT_XOR("^"),
  BIT_AND("&"),
  LT("<"),
  GT(">"),
  LE("<="),
  GE(">="),
  EQ("=="),
  NE("!="),
  SHL("<<"),
  SHR(">>"),
  /** {@code >>>}: logical (unsigned) shift right. */
  USHR(">>>"),
  /** {@code .}: string concatenation. */
  CONCAT("."),
  ADD("+"),
  SUB("-"),
  MUL("*"),
  DIV("/"),
  MOD("%");

  private final String symbol;

  BinaryOp(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  public boolean isComparison() {
    return switch (this) {
      case LT, GT, LE, GE, EQ, NE -> true;
      default -> false;
    };
  }
}

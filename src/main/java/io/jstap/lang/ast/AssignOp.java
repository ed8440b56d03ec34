package io.jstap.lang.ast;

/** Assignment operators; {@link #binary()} is the operation a compound form applies. */
public enum AssignOp {
  ASSIGN("=", null),
  ADD("+=", BinaryOp.ADD),
  SUB("-=", BinaryOp.SUB),
  MUL("*=", BinaryOp.MUL),
  DIV("/=", BinaryOp.DIV),
  MOD("%=", BinaryOp.MOD),
  SHL("<<=", BinaryOp.SHL),
  SHR(">>=", BinaryOp.SHR),
  BIT_AND("&=", BinaryOp.BIT_AND),
  BIT_XOR("^=", BinaryOp.BIT_XOR),
  BIT_OR("|=", BinaryOp.BIT_OR),
  CONCAT(".=", BinaryOp.CONCAT),
  /** {@code stat <<< value}: add a value to a statistic. */
  AGGREGATE("<<<", null);

  private final String symbol;
  private final BinaryOp binary;

  AssignOp(String symbol, BinaryOp binary) {
    this.symbol = symbol;
    this.binary = binary;
  }

  public String symbol() {
    return symbol;
  }

  /** The binary operation of a compound assignment, or null for {@code =} and {@code <<<}. */
  public BinaryOp binary() {
    return binary;
  }
}

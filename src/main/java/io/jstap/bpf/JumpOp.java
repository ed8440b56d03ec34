package io.jstap.bpf;

/** Conditional jump operations with their BPF_OP bits; the symbols are the verifier's. */
public enum JumpOp {
  EQ(0x10, "=="),
  GT(0x20, ">"),
  GE(0x30, ">="),
  SET(0x40, "&"),
  NE(0x50, "!="),
  SGT(0x60, "s>"),
  SGE(0x70, "s>="),
  LT(0xa0, "<"),
  LE(0xb0, "<="),
  SLT(0xc0, "s<"),
  SLE(0xd0, "s<=");

  final int code;
  final String symbol;

  JumpOp(int code, String symbol) {
    this.code = code;
    this.symbol = symbol;
  }

  static JumpOp decode(int code) {
    for (JumpOp op : values()) if (op.code == code) return op;
    return null;
  }
}

package io.jstap.bpf;

/**
 * Arithmetic operations with their BPF_OP bits; signed division and modulo share the unsigned
 * opcodes with offset 1 (instruction-set.rst, "Arithmetic instructions").
 */
public enum AluOp {
  ADD(0x00, 0, "+="),
  SUB(0x10, 0, "-="),
  MUL(0x20, 0, "*="),
  DIV(0x30, 0, "/="),
  SDIV(0x30, 1, "s/="),
  OR(0x40, 0, "|="),
  AND(0x50, 0, "&="),
  LSH(0x60, 0, "<<="),
  RSH(0x70, 0, ">>="),
  NEG(0x80, 0, "neg"),
  MOD(0x90, 0, "%="),
  SMOD(0x90, 1, "s%="),
  XOR(0xa0, 0, "^="),
  MOV(0xb0, 0, "="),
  ARSH(0xc0, 0, "s>>=");

  final int code;
  final int offset;
  final String symbol;

  AluOp(int code, int offset, String symbol) {
    this.code = code;
    this.offset = offset;
    this.symbol = symbol;
  }

  static AluOp decode(int code, int offset) {
    for (AluOp op : values()) if (op.code == code && op.offset == offset) return op;
    return null;
  }
}

package io.jstap.bpf;

/**
 * {@code dst op= src} on 64 bits (BPF_ALU64) or 32 bits (BPF_ALU, which zeroes the upper half).
 * Factories validate what the verifier would refuse anyway: writes to r10, shifts past the
 * width, division by a zero constant.
 */
public record Alu(boolean is64, AluOp op, Reg dst, Operand src) implements Instruction {
  public Alu {
    Instruction.writable(dst);
    if (op == AluOp.NEG && !(src instanceof Imm(int v) && v == 0)) {
      throw new IllegalArgumentException("neg takes no source operand");
    }
    if (src instanceof Imm(int v)) {
      int width = is64 ? 64 : 32;
      if ((op == AluOp.LSH || op == AluOp.RSH || op == AluOp.ARSH) && (v < 0 || v >= width)) {
        throw new IllegalArgumentException("shift by " + v + " is outside 0.." + (width - 1));
      }
      if ((op == AluOp.DIV || op == AluOp.SDIV || op == AluOp.MOD || op == AluOp.SMOD) && v == 0) {
        throw new IllegalArgumentException("division by zero");
      }
    }
  }

  public static Alu of(AluOp op, Reg dst, Operand src) {
    return new Alu(true, op, dst, src);
  }

  public static Alu of32(AluOp op, Reg dst, Operand src) {
    return new Alu(false, op, dst, src);
  }

  public static Alu add(Reg dst, int imm) { return of(AluOp.ADD, dst, Imm.of(imm)); }
  public static Alu add(Reg dst, Reg src) { return of(AluOp.ADD, dst, src); }
  public static Alu sub(Reg dst, int imm) { return of(AluOp.SUB, dst, Imm.of(imm)); }
  public static Alu sub(Reg dst, Reg src) { return of(AluOp.SUB, dst, src); }
  public static Alu mul(Reg dst, int imm) { return of(AluOp.MUL, dst, Imm.of(imm)); }
  public static Alu mul(Reg dst, Reg src) { return of(AluOp.MUL, dst, src); }
  public static Alu div(Reg dst, int imm) { return of(AluOp.DIV, dst, Imm.of(imm)); }
  public static Alu div(Reg dst, Reg src) { return of(AluOp.DIV, dst, src); }
  public static Alu mod(Reg dst, int imm) { return of(AluOp.MOD, dst, Imm.of(imm)); }
  public static Alu mod(Reg dst, Reg src) { return of(AluOp.MOD, dst, src); }
  public static Alu or(Reg dst, int imm) { return of(AluOp.OR, dst, Imm.of(imm)); }
  public static Alu or(Reg dst, Reg src) { return of(AluOp.OR, dst, src); }
  public static Alu and(Reg dst, int imm) { return of(AluOp.AND, dst, Imm.of(imm)); }
  public static Alu and(Reg dst, Reg src) { return of(AluOp.AND, dst, src); }
  public static Alu xor(Reg dst, int imm) { return of(AluOp.XOR, dst, Imm.of(imm)); }
  public static Alu xor(Reg dst, Reg src) { return of(AluOp.XOR, dst, src); }
  public static Alu lsh(Reg dst, int imm) { return of(AluOp.LSH, dst, Imm.of(imm)); }
  public static Alu lsh(Reg dst, Reg src) { return of(AluOp.LSH, dst, src); }
  public static Alu rsh(Reg dst, int imm) { return of(AluOp.RSH, dst, Imm.of(imm)); }
  public static Alu rsh(Reg dst, Reg src) { return of(AluOp.RSH, dst, src); }
  public static Alu arsh(Reg dst, int imm) { return of(AluOp.ARSH, dst, Imm.of(imm)); }
  public static Alu arsh(Reg dst, Reg src) { return of(AluOp.ARSH, dst, src); }
  public static Alu mov(Reg dst, int imm) { return of(AluOp.MOV, dst, Imm.of(imm)); }
  public static Alu mov(Reg dst, Reg src) { return of(AluOp.MOV, dst, src); }
  public static Alu neg(Reg dst) { return of(AluOp.NEG, dst, Imm.of(0)); }

  /** {@code wdst = wsrc}: copies the low 32 bits and zeroes the upper half. */
  public static Alu mov32(Reg dst, Reg src) { return of32(AluOp.MOV, dst, src); }

  public static Alu mov32(Reg dst, int imm) { return of32(AluOp.MOV, dst, Imm.of(imm)); }
}

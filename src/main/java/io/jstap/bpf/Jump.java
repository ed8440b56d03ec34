package io.jstap.bpf;

/** {@code if dst op src goto target}, comparing 64 bits (BPF_JMP) or 32 (BPF_JMP32). */
public record Jump(boolean is64, JumpOp op, Reg dst, Operand src, JumpTarget target)
    implements Instruction {

  public Jump {
    checkOffset(target);
  }

  static void checkOffset(JumpTarget target) {
    if (target instanceof JumpTarget.Offset(int slots) && (slots < Short.MIN_VALUE || slots > Short.MAX_VALUE)) {
      throw new IllegalArgumentException("jump offset " + slots + " does not fit 16 bits");
    }
  }

  public static Jump of(JumpOp op, Reg dst, Operand src, JumpTarget target) {
    return new Jump(true, op, dst, src, target);
  }

  public static Jump of32(JumpOp op, Reg dst, Operand src, JumpTarget target) {
    return new Jump(false, op, dst, src, target);
  }

  public static Jump ifEqual(Reg dst, int imm, JumpTarget t) { return of(JumpOp.EQ, dst, Imm.of(imm), t); }
  public static Jump ifEqual(Reg dst, Reg src, JumpTarget t) { return of(JumpOp.EQ, dst, src, t); }
  public static Jump ifNotEqual(Reg dst, int imm, JumpTarget t) { return of(JumpOp.NE, dst, Imm.of(imm), t); }
  public static Jump ifNotEqual(Reg dst, Reg src, JumpTarget t) { return of(JumpOp.NE, dst, src, t); }
  /** Unsigned comparisons. */
  public static Jump ifGreater(Reg dst, int imm, JumpTarget t) { return of(JumpOp.GT, dst, Imm.of(imm), t); }
  public static Jump ifGreater(Reg dst, Reg src, JumpTarget t) { return of(JumpOp.GT, dst, src, t); }
  public static Jump ifGreaterOrEqual(Reg dst, int imm, JumpTarget t) { return of(JumpOp.GE, dst, Imm.of(imm), t); }
  public static Jump ifGreaterOrEqual(Reg dst, Reg src, JumpTarget t) { return of(JumpOp.GE, dst, src, t); }
  public static Jump ifLess(Reg dst, int imm, JumpTarget t) { return of(JumpOp.LT, dst, Imm.of(imm), t); }
  public static Jump ifLess(Reg dst, Reg src, JumpTarget t) { return of(JumpOp.LT, dst, src, t); }
  public static Jump ifLessOrEqual(Reg dst, int imm, JumpTarget t) { return of(JumpOp.LE, dst, Imm.of(imm), t); }
  public static Jump ifLessOrEqual(Reg dst, Reg src, JumpTarget t) { return of(JumpOp.LE, dst, src, t); }
  /** Signed comparisons. */
  public static Jump ifSignedGreater(Reg dst, int imm, JumpTarget t) { return of(JumpOp.SGT, dst, Imm.of(imm), t); }
  public static Jump ifSignedGreater(Reg dst, Reg src, JumpTarget t) { return of(JumpOp.SGT, dst, src, t); }
  public static Jump ifSignedGreaterOrEqual(Reg dst, int imm, JumpTarget t) { return of(JumpOp.SGE, dst, Imm.of(imm), t); }
  public static Jump ifSignedGreaterOrEqual(Reg dst, Reg src, JumpTarget t) { return of(JumpOp.SGE, dst, src, t); }
  public static Jump ifSignedLess(Reg dst, int imm, JumpTarget t) { return of(JumpOp.SLT, dst, Imm.of(imm), t); }
  public static Jump ifSignedLess(Reg dst, Reg src, JumpTarget t) { return of(JumpOp.SLT, dst, src, t); }
  public static Jump ifSignedLessOrEqual(Reg dst, int imm, JumpTarget t) { return of(JumpOp.SLE, dst, Imm.of(imm), t); }
  public static Jump ifSignedLessOrEqual(Reg dst, Reg src, JumpTarget t) { return of(JumpOp.SLE, dst, src, t); }
  /** {@code if dst & src goto}. */
  public static Jump ifBitsSet(Reg dst, int imm, JumpTarget t) { return of(JumpOp.SET, dst, Imm.of(imm), t); }
  public static Jump ifBitsSet(Reg dst, Reg src, JumpTarget t) { return of(JumpOp.SET, dst, src, t); }

  /** An unconditional jump. */
  public static Goto to(JumpTarget t) {
    return new Goto(t);
  }
}

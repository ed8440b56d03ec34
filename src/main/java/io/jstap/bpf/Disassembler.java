package io.jstap.bpf;

import java.util.List;
import java.util.Objects;

/**
 * Prints instructions in the kernel verifier's syntax (kernel/bpf/disasm.c), one per line as
 * {@code IDX: (CODE) TEXT}, e.g. {@code 3: (79) r1 = *(u64 *)(r10 -8)}. Map references print as
 * {@code map[name:NAME]} before loading and {@code map[fd:N]} after, with {@code [0]+OFF} for a
 * pointer into an array map's value.
 */
public final class Disassembler {
  private Disassembler() {}

  /** The whole program, with a {@code ; POSITION} line wherever the source position changes. */
  public static String print(AssembledProgram program) {
    var sb = new StringBuilder();
    int slot = 0;
    Object last = null;
    for (int i = 0; i < program.instructions().size(); i++) {
      Object pos = program.positions().get(i);
      if (pos != null && !Objects.equals(pos, last)) sb.append("; ").append(pos).append('\n');
      last = pos;
      Instruction insn = program.instructions().get(i);
      sb.append(line(slot, insn)).append('\n');
      slot += insn.slots();
    }
    return sb.toString();
  }

  public static String print(List<Instruction> instructions) {
    return print(AssembledProgram.of(instructions));
  }

  /** One instruction as the verifier logs it at kernel instruction index {@code slot}. */
  public static String line(int slot, Instruction insn) {
    return slot + ": " + String.format("(%02x) ", InstructionEncoding.opcode(insn)) + text(insn);
  }

  /** The instruction's text without index and opcode. */
  public static String text(Instruction insn) {
    return switch (insn) {
      case Alu(boolean w, AluOp op, Reg dst, Operand src) when op == AluOp.NEG ->
          r(w, dst) + " = -" + r(w, dst);
      case Alu(boolean w, AluOp op, Reg dst, Reg src) -> r(w, dst) + " " + op.symbol + " " + r(w, src);
      case Alu(boolean w, AluOp op, Reg dst, Imm(int v)) -> r(w, dst) + " " + op.symbol + " " + v;
      case ByteSwap(ByteSwap.Order order, int bits, Reg dst) ->
          "r" + dst.number() + " = "
              + switch (order) {
                case TO_LE -> "le";
                case TO_BE -> "be";
                case SWAP -> "bswap";
              }
              + bits + " r" + dst.number();
      case Jump(boolean w, JumpOp op, Reg dst, Reg src, JumpTarget t) ->
          "if " + r(w, dst) + " " + op.symbol + " " + r(w, src) + " goto pc" + signed(target(t));
      case Jump(boolean w, JumpOp op, Reg dst, Imm(int v), JumpTarget t) ->
          "if " + r(w, dst) + " " + op.symbol + " 0x" + Integer.toHexString(v) + " goto pc" + signed(target(t));
      case Goto(JumpTarget t) -> "goto pc" + signed(target(t));
      case Call(int helper) -> "call " + Helpers.name(helper) + "#" + helper;
      case CallLocal(JumpTarget t) -> "call pc" + signed(target(t));
      case Exit e -> "exit";
      case LoadImm64(Reg dst, LoadImm64.Value value) ->
          "r" + dst.number() + " = "
              + switch (value) {
                case LoadImm64.Constant(long v) -> "0x" + Long.toHexString(v);
                case LoadImm64.MapByName(String m) -> "map[name:" + m + "]";
                case LoadImm64.MapValueByName(String m, int off) -> "map[name:" + m + "][0]+" + off;
                case LoadImm64.MapFd(int fd) -> "map[fd:" + fd + "]";
                case LoadImm64.MapValueFd(int fd, int off) -> "map[fd:" + fd + "][0]+" + off;
              };
      case Load(Size s, Reg dst, Reg src, int off) -> "r" + dst.number() + " = " + mem(s, src, off);
      case Store(Size s, Reg dst, int off, Reg src) -> mem(s, dst, off) + " = r" + src.number();
      case StoreImm(Size s, Reg dst, int off, int imm) -> mem(s, dst, off) + " = " + imm;
      case Atomic(Size s, AtomicOp op, Reg dst, int off, Reg src) -> atomic(s, op, dst, off, src);
    };
  }

  private static String atomic(Size s, AtomicOp op, Reg dst, int off, Reg src) {
    String width = s == Size.DW ? "64" : "";
    String addr = "(" + s.cName + " *)(r" + dst.number() + " " + signed(off) + ")";
    return switch (op) {
      case ADD, OR, AND, XOR -> "lock *" + addr + " " + aluSymbol(op) + " r" + src.number();
      case FETCH_ADD, FETCH_OR, FETCH_AND, FETCH_XOR ->
          "r" + src.number() + " = atomic" + width + "_fetch_" + op.word + "(" + addr + ", r" + src.number() + ")";
      case XCHG -> "r" + src.number() + " = atomic" + width + "_xchg(" + addr + ", r" + src.number() + ")";
      case CMPXCHG -> "r0 = atomic" + width + "_cmpxchg(" + addr + ", r0, r" + src.number() + ")";
    };
  }

  private static String aluSymbol(AtomicOp op) {
    return switch (op) {
      case ADD, FETCH_ADD -> "+=";
      case OR, FETCH_OR -> "|=";
      case AND, FETCH_AND -> "&=";
      case XOR, FETCH_XOR -> "^=";
      case XCHG, CMPXCHG -> throw new IllegalArgumentException(op.name());
    };
  }

  private static String mem(Size s, Reg base, int off) {
    return "*(" + s.cName + " *)(r" + base.number() + " " + signed(off) + ")";
  }

  private static String r(boolean is64, Reg r) {
    return (is64 ? "r" : "w") + r.number();
  }

  private static String signed(int v) {
    return v >= 0 ? "+" + v : Integer.toString(v);
  }

  private static int target(JumpTarget t) {
    return switch (t) {
      case JumpTarget.Offset(int slots) -> slots;
      case Label l -> throw new IllegalArgumentException("jump to unresolved label '" + l.name() + "'");
    };
  }
}

package io.jstap.bpf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's instruction format, {@code struct bpf_insn} (include/uapi/linux/bpf.h): u8 code,
 * u8 dst_reg:4 src_reg:4, s16 off, s32 imm, little-endian on the machines jstap runs on.
 */
public final class InstructionEncoding {
  private InstructionEncoding() {}

  // instruction classes (BPF_CLASS)
  static final int LD = 0x00, LDX = 0x01, ST = 0x02, STX = 0x03, ALU = 0x04, JMP = 0x05, JMP32 = 0x06, ALU64 = 0x07;
  // BPF_MODE
  static final int IMM = 0x00, MEM = 0x60, ATOMIC = 0xc0;
  // BPF_SRC
  static final int K = 0x00, X = 0x08;
  static final int END = 0xd0, JA = 0x00, CALL = 0x80, EXIT = 0x90;
  // src_reg of ld_imm64
  static final int PSEUDO_MAP_FD = 1, PSEUDO_MAP_VALUE = 2;
  // src_reg of a call to a function of the same program
  static final int PSEUDO_CALL = 1;

  /** The opcode byte of an instruction (of its first slot). */
  public static int opcode(Instruction insn) {
    return switch (insn) {
      case Alu a -> (a.is64() ? ALU64 : ALU) | a.op().code | (a.src() instanceof Reg ? X : K);
      case ByteSwap b ->
          switch (b.order()) {
            case TO_LE -> ALU | END | K;
            case TO_BE -> ALU | END | X;
            case SWAP -> ALU64 | END | K;
          };
      case Jump j -> (j.is64() ? JMP : JMP32) | j.op().code | (j.src() instanceof Reg ? X : K);
      case Goto g -> JMP | JA;
      case Call c -> JMP | CALL;
      case CallLocal c -> JMP | CALL;
      case Exit e -> JMP | EXIT;
      case LoadImm64 l -> LD | IMM | Size.DW.bits;
      case Load l -> LDX | MEM | l.size().bits;
      case Store s -> STX | MEM | s.size().bits;
      case StoreImm s -> ST | MEM | s.size().bits;
      case Atomic a -> STX | ATOMIC | a.size().bits;
    };
  }

  /**
   * Encodes resolved instructions: every jump must target an offset and every map reference
   * must be a descriptor ({@link AssembledProgram#withMapFds}).
   */
  public static byte[] encode(List<Instruction> instructions) {
    int slots = 0;
    for (Instruction i : instructions) slots += i.slots();
    ByteBuffer out = ByteBuffer.allocate(slots * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (Instruction i : instructions) encode(i, out);
    return out.array();
  }

  /** Encodes into native memory, e.g. for BPF_PROG_LOAD. */
  public static MemorySegment encode(List<Instruction> instructions, java.lang.foreign.SegmentAllocator allocator) {
    byte[] bytes = encode(instructions);
    MemorySegment seg = allocator.allocate(bytes.length, 8);
    MemorySegment.copy(bytes, 0, seg, ValueLayout.JAVA_BYTE, 0, bytes.length);
    return seg;
  }

  private static void put(ByteBuffer out, int code, Reg dst, Reg src, int off, int imm) {
    out.put((byte) code);
    out.put((byte) ((dst == null ? 0 : dst.number()) | (src == null ? 0 : src.number()) << 4));
    out.putShort((short) off);
    out.putInt(imm);
  }

  private static int offset(JumpTarget t) {
    return switch (t) {
      case JumpTarget.Offset(int slots) -> slots;
      case Label l -> throw new IllegalArgumentException("jump to unresolved label '" + l.name() + "'");
    };
  }

  private static void encode(Instruction insn, ByteBuffer out) {
    int code = opcode(insn);
    switch (insn) {
      case Alu(boolean w, AluOp op, Reg dst, Reg src) -> put(out, code, dst, src, op.offset, 0);
      case Alu(boolean w, AluOp op, Reg dst, Imm(int v)) -> put(out, code, dst, null, op.offset, v);
      case ByteSwap b -> put(out, code, b.dst(), null, 0, b.bits());
      case Jump(boolean w, JumpOp op, Reg dst, Reg src, JumpTarget t) -> put(out, code, dst, src, offset(t), 0);
      case Jump(boolean w, JumpOp op, Reg dst, Imm(int v), JumpTarget t) -> put(out, code, dst, null, offset(t), v);
      case Goto(JumpTarget t) -> put(out, code, null, null, offset(t), 0);
      case Call(int helper) -> put(out, code, null, null, 0, helper);
      case CallLocal(JumpTarget t) -> put(out, code, null, Reg.of(PSEUDO_CALL), 0, offset(t));
      case Exit e -> put(out, code, null, null, 0, 0);
      case LoadImm64(Reg dst, LoadImm64.Value value) -> {
        switch (value) {
          case LoadImm64.Constant(long v) -> {
            put(out, code, dst, null, 0, (int) v);
            put(out, 0, null, null, 0, (int) (v >>> 32));
          }
          case LoadImm64.MapFd(int fd) -> {
            put(out, code, dst, Reg.of(PSEUDO_MAP_FD), 0, fd);
            put(out, 0, null, null, 0, 0);
          }
          case LoadImm64.MapValueFd(int fd, int off) -> {
            put(out, code, dst, Reg.of(PSEUDO_MAP_VALUE), 0, fd);
            put(out, 0, null, null, 0, off);
          }
          case LoadImm64.MapByName(String m) ->
              throw new IllegalArgumentException("map '" + m + "' is referenced by name: resolve it to a descriptor first");
          case LoadImm64.MapValueByName(String m, int off) ->
              throw new IllegalArgumentException("map '" + m + "' is referenced by name: resolve it to a descriptor first");
        }
      }
      case Load(Size s, Reg dst, Reg src, int off) -> put(out, code, dst, src, off, 0);
      case Store(Size s, Reg dst, int off, Reg src) -> put(out, code, dst, src, off, 0);
      case StoreImm(Size s, Reg dst, int off, int imm) -> put(out, code, dst, null, off, imm);
      case Atomic(Size s, AtomicOp op, Reg dst, int off, Reg src) -> put(out, code, dst, src, off, op.imm);
    }
  }

  /** Decodes instructions; jumps come back as offsets, maps as descriptors. */
  public static List<Instruction> decode(byte[] bytes) {
    if (bytes.length % 8 != 0) throw new IllegalArgumentException("BPF code is " + bytes.length + " bytes, not a multiple of 8");
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    var out = new ArrayList<Instruction>();
    int slot = 0;
    while (in.hasRemaining()) {
      int code = in.get() & 0xff;
      int regs = in.get() & 0xff;
      int off = in.getShort();
      int imm = in.getInt();
      int dstN = regs & 0xf, srcN = regs >>> 4;
      Instruction insn = decodeOne(code, dstN, srcN, off, imm, in, slot);
      out.add(insn);
      slot += insn.slots();
    }
    return out;
  }

  private static IllegalArgumentException bad(String what, int code, int slot) {
    return new IllegalArgumentException(String.format("%s (opcode 0x%02x) at instruction %d", what, code, slot));
  }

  private static Reg reg(int n, int code, int slot) {
    if (n > 10) throw bad("register r" + n, code, slot);
    return Reg.of(n);
  }

  private static Instruction decodeOne(int code, int dstN, int srcN, int off, int imm, ByteBuffer in, int slot) {
    int cls = code & 0x07;
    try {
      switch (cls) {
        case ALU, ALU64 -> {
          int op = code & 0xf0;
          Reg dst = reg(dstN, code, slot);
          if (op == END) {
            ByteSwap.Order order =
                cls == ALU64 ? ByteSwap.Order.SWAP : (code & X) != 0 ? ByteSwap.Order.TO_BE : ByteSwap.Order.TO_LE;
            if (cls == ALU64 && (code & X) != 0) throw bad("byte swap", code, slot);
            return new ByteSwap(order, imm, dst);
          }
          AluOp aluOp = AluOp.decode(op, off);
          if (aluOp == null) throw bad("ALU operation", code, slot);
          Operand src = (code & X) != 0 ? reg(srcN, code, slot) : Imm.of(imm);
          return new Alu(cls == ALU64, aluOp, dst, src);
        }
        case JMP, JMP32 -> {
          int op = code & 0xf0;
          if (cls == JMP && op == JA && (code & X) == 0) return new Goto(new JumpTarget.Offset(off));
          if (cls == JMP && op == CALL && srcN == 0) return new Call(imm);
          if (cls == JMP && op == CALL && srcN == PSEUDO_CALL) return new CallLocal(new JumpTarget.Offset(imm));
          if (cls == JMP && op == EXIT) return new Exit();
          JumpOp jumpOp = JumpOp.decode(op);
          if (jumpOp == null) throw bad("jump operation", code, slot);
          Operand src = (code & X) != 0 ? reg(srcN, code, slot) : Imm.of(imm);
          return new Jump(cls == JMP, jumpOp, reg(dstN, code, slot), src, new JumpTarget.Offset(off));
        }
        case LD -> {
          if (code != (LD | IMM | Size.DW.bits)) throw bad("legacy packet load", code, slot);
          if (in.remaining() < 8) throw bad("ld_imm64 without its second slot", code, slot);
          in.get();
          in.get();
          in.getShort();
          int hi = in.getInt();
          Reg dst = reg(dstN, code, slot);
          return switch (srcN) {
            case 0 -> new LoadImm64(dst, new LoadImm64.Constant(((long) hi << 32) | (imm & 0xffff_ffffL)));
            case PSEUDO_MAP_FD -> new LoadImm64(dst, new LoadImm64.MapFd(imm));
            case PSEUDO_MAP_VALUE -> new LoadImm64(dst, new LoadImm64.MapValueFd(imm, hi));
            default -> throw bad("ld_imm64 source " + srcN, code, slot);
          };
        }
        case LDX -> {
          if ((code & 0xe0) != MEM) throw bad("load mode", code, slot);
          return new Load(Size.ofBits(code & 0x18), reg(dstN, code, slot), reg(srcN, code, slot), off);
        }
        case ST -> {
          if ((code & 0xe0) != MEM) throw bad("store mode", code, slot);
          return new StoreImm(Size.ofBits(code & 0x18), reg(dstN, code, slot), off, imm);
        }
        case STX -> {
          Size size = Size.ofBits(code & 0x18);
          if ((code & 0xe0) == MEM) return new Store(size, reg(dstN, code, slot), off, reg(srcN, code, slot));
          if ((code & 0xe0) == ATOMIC) {
            AtomicOp op = AtomicOp.decode(imm);
            if (op == null) throw bad(String.format("atomic operation 0x%x", imm), code, slot);
            return new Atomic(size, op, reg(dstN, code, slot), off, reg(srcN, code, slot));
          }
          throw bad("store mode", code, slot);
        }
        default -> throw bad("instruction class", code, slot);
      }
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().contains("at instruction")) throw e;
      throw bad(e.getMessage(), code, slot);
    }
  }
}

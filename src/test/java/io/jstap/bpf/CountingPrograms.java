package io.jstap.bpf;

import static io.jstap.bpf.Reg.*;

/** Hand-assembled programs that count events of one process in an array map. */
public final class CountingPrograms {
  private CountingPrograms() {}

  /** counts[index] += 1 (atomically), using stack slot -4 for the key; clobbers r0-r5. */
  public static void emitIncrement(Assembler asm, String map, int index) {
    Label done = new Label("incremented");
    asm.emit(
        StoreImm.of(Size.W, R10, -4, index),
        Alu.mov(R2, R10),
        Alu.add(R2, -4),
        LoadImm64.map(R1, map),
        Call.helper(Helpers.MAP_LOOKUP_ELEM),
        Jump.ifEqual(R0, 0, done),
        Alu.mov(R1, 1),
        Atomic.add64(R0, 0, R1));
    asm.bind(done);
  }

  /** Jumps to {@code out} unless the current process (thread group) is {@code tgid}. Clobbers r0-r5. */
  public static void emitFilterTgid(Assembler asm, long tgid, Label out) {
    asm.emit(
        Call.helper(Helpers.GET_CURRENT_PID_TGID),
        Alu.rsh(R0, 32),
        LoadImm64.constant(R1, tgid),
        Jump.ifNotEqual(R0, R1, out));
  }

  /** A tracepoint program counting hits by process {@code tgid} in {@code map}[0]. */
  public static ProgramSpec tracepointCounter(String map, long tgid) {
    var asm = new Assembler();
    Label out = new Label("out");
    emitFilterTgid(asm, tgid, out);
    emitIncrement(asm, map, 0);
    asm.bind(out).emit(Alu.mov(R0, 0), Exit.exit());
    return ProgramSpec.of("count_tp", ProgramType.TRACEPOINT, asm.assemble());
  }

  /** A raw sys_enter program counting system calls number {@code nr} by process {@code tgid}. */
  public static ProgramSpec rawSyscallCounter(String map, long tgid, int nr) {
    var asm = new Assembler();
    Label out = new Label("out");
    // raw tracepoint context: u64 args[]; sys_enter(struct pt_regs *regs, long id)
    asm.emit(Load.u64(R6, R1, 8), Jump.ifNotEqual(R6, nr, out));
    emitFilterTgid(asm, tgid, out);
    emitIncrement(asm, map, 0);
    asm.bind(out).emit(Alu.mov(R0, 0), Exit.exit());
    return ProgramSpec.of("count_raw", ProgramType.RAW_TRACEPOINT, asm.assemble());
  }
}

package io.jstap.elf;

/**
 * What jstap needs to know about one decoded x86-64 instruction: its length, where control goes
 * after it, and which address a RIP-relative memory operand names.
 *
 * @param address the instruction's address
 * @param length its length in bytes (1 for a byte that is no valid instruction)
 * @param opcode the opcode: its map in bits 8-11 (0 one-byte, 1 0F, 2 0F38, 3 0F3A, 5-6 EVEX,
 *     8-10 XOP) and the opcode byte in bits 0-7
 * @param flow how control leaves it
 * @param branchTarget for CALL, JUMP and CONDITIONAL_JUMP with a relative operand: the target
 * @param ripRelative whether a memory operand is RIP-relative
 * @param ripTarget the address that operand names (the next instruction's address plus disp32)
 */
public record X86Instruction(long address, int length, int opcode, Flow flow, long branchTarget,
    boolean ripRelative, long ripTarget) {
  /** How control leaves an instruction. */
  public enum Flow {
    /** To the next instruction. */
    NEXT,
    /** call rel32: to branchTarget, then back. */
    CALL,
    /** call through a register or memory. */
    INDIRECT_CALL,
    /** jmp rel8/rel32: to branchTarget only. */
    JUMP,
    /** jmp through a register or memory. */
    INDIRECT_JUMP,
    /** jcc, loop, jrcxz: to branchTarget or the next instruction. */
    CONDITIONAL_JUMP,
    /** ret, iret. */
    RETURN,
    /** Not a valid instruction in 64-bit mode (one byte is skipped, as objdump does). */
    INVALID
  }

  /** The address of the next instruction. */
  public long end() {
    return address + length;
  }

  /** {@code lea} (8D): loads the address of its memory operand, e.g. a function's. */
  public boolean isLea() {
    return opcode == 0x8d;
  }
}

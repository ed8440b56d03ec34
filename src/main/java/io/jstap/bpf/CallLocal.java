package io.jstap.bpf;

/**
 * Calls a function of the same program (a BPF-to-BPF call: BPF_JMP | BPF_CALL with src_reg
 * BPF_PSEUDO_CALL, the target as a slot offset in imm). The callee gets r1-r5, its own stack
 * frame, and returns in r0; r6-r9 survive.
 */
public record CallLocal(JumpTarget target) implements Instruction {
  public static CallLocal to(JumpTarget target) {
    return new CallLocal(target);
  }
}

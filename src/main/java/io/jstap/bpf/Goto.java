package io.jstap.bpf;

/** {@code goto target} (BPF_JMP | BPF_JA). */
public record Goto(JumpTarget target) implements Instruction {
  public Goto {
    Jump.checkOffset(target);
  }
}

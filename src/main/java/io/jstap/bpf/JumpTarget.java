package io.jstap.bpf;

/**
 * Where a jump goes: a {@link Label} before assembly, a slot offset relative to the next
 * instruction after it (or when decoded).
 */
public sealed interface JumpTarget permits Label, JumpTarget.Offset {
  /** A resolved target: the jump lands {@code slots} slots after the instruction that follows it. */
  record Offset(int slots) implements JumpTarget {
    // jumps hold it in 16 bits (Jump and Goto check), local calls in 32
  }
}

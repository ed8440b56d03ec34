package io.jstap.bpf;

/**
 * Where a jump goes: a {@link Label} before assembly, a slot offset relative to the next
 * instruction after it (or when decoded).
 */
public sealed interface JumpTarget permits Label, JumpTarget.Offset {
  /** A resolved target: the jump lands {@code slots} slots after the instruction that follows it. */
  record Offset(int slots) implements JumpTarget {
    public Offset {
      if (slots < Short.MIN_VALUE || slots > Short.MAX_VALUE) {
        throw new IllegalArgumentException("jump offset " + slots + " does not fit 16 bits");
      }
    }
  }
}

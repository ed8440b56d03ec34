package io.jstap.bpf;

/**
 * An atomic read-modify-write of {@code *(size *)(dst + offset)} with {@code src} (BPF_STX |
 * BPF_ATOMIC). Fetching forms leave the old value in src; CMPXCHG compares with r0 and leaves
 * the old value in r0.
 */
public record Atomic(Size size, AtomicOp op, Reg dst, int offset, Reg src) implements Instruction {
  public Atomic {
    if (size != Size.W && size != Size.DW) {
      throw new IllegalArgumentException("atomic operations are 32 or 64 bits wide, not " + size);
    }
    Instruction.offset16(offset);
  }

  /** {@code lock *(u64 *)(dst + offset) += src}. */
  public static Atomic add64(Reg dst, int offset, Reg src) {
    return new Atomic(Size.DW, AtomicOp.ADD, dst, offset, src);
  }
}

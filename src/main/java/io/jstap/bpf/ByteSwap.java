package io.jstap.bpf;

/**
 * Byte order conversion of the low {@code bits} of {@code dst}: to little or big endian
 * (BPF_ALU | BPF_END), or an unconditional swap (BPF_ALU64 | BPF_END, Linux 6.6).
 */
public record ByteSwap(Order order, int bits, Reg dst) implements Instruction {
  public enum Order { TO_LE, TO_BE, SWAP }

  public ByteSwap {
    Instruction.writable(dst);
    if (bits != 16 && bits != 32 && bits != 64) {
      throw new IllegalArgumentException("byte swap of " + bits + " bits (16, 32 or 64)");
    }
  }

  public static ByteSwap toBigEndian(Reg dst, int bits) {
    return new ByteSwap(Order.TO_BE, bits, dst);
  }

  public static ByteSwap toLittleEndian(Reg dst, int bits) {
    return new ByteSwap(Order.TO_LE, bits, dst);
  }
}

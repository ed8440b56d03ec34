package io.jstap.bpf;

/** A 32-bit immediate operand (the kernel sign-extends it to 64 bits in 64-bit operations). */
public record Imm(int value) implements Operand {
  public static Imm of(int value) {
    return new Imm(value);
  }
}

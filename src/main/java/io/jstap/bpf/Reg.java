package io.jstap.bpf;

/**
 * BPF registers. R0 holds return values, R1-R5 arguments (clobbered by calls), R6-R9 survive
 * calls, R10 is the read-only frame pointer (Documentation/bpf/standardization/abi.rst).
 */
public enum Reg implements Operand {
  R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10;

  private static final Reg[] ALL = values();

  public int number() {
    return ordinal();
  }

  public static Reg of(int number) {
    if (number < 0 || number >= ALL.length) {
      throw new IllegalArgumentException("no BPF register r" + number + " (r0-r10)");
    }
    return ALL[number];
  }
}

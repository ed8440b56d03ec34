package io.jstap.bpf;

/** Returns r0 to the kernel. */
public record Exit() implements Instruction {
  public static Exit exit() {
    return new Exit();
  }
}

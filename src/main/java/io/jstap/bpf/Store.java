package io.jstap.bpf;

/** {@code *(size *)(dst + offset) = src} (BPF_STX | BPF_MEM). */
public record Store(Size size, Reg dst, int offset, Reg src) implements Instruction {
  public Store {
    Instruction.offset16(offset);
  }

  public static Store of(Size size, Reg dst, int offset, Reg src) {
    return new Store(size, dst, offset, src);
  }

  public static Store u64(Reg dst, int offset, Reg src) {
    return new Store(Size.DW, dst, offset, src);
  }
}

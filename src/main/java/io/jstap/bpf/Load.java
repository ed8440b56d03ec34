package io.jstap.bpf;

/** {@code dst = *(size *)(src + offset)} (BPF_LDX | BPF_MEM), zero-extended. */
public record Load(Size size, Reg dst, Reg src, int offset) implements Instruction {
  public Load {
    Instruction.writable(dst);
    Instruction.offset16(offset);
  }

  public static Load of(Size size, Reg dst, Reg src, int offset) {
    return new Load(size, dst, src, offset);
  }

  public static Load u64(Reg dst, Reg src, int offset) {
    return new Load(Size.DW, dst, src, offset);
  }

  public static Load u32(Reg dst, Reg src, int offset) {
    return new Load(Size.W, dst, src, offset);
  }
}

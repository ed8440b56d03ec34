package io.jstap.bpf;

/** {@code *(size *)(dst + offset) = imm} (BPF_ST | BPF_MEM; a DW store sign-extends imm). */
public record StoreImm(Size size, Reg dst, int offset, int imm) implements Instruction {
  public StoreImm {
    Instruction.offset16(offset);
  }

  public static StoreImm of(Size size, Reg dst, int offset, int imm) {
    return new StoreImm(size, dst, offset, imm);
  }
}

package io.jstap.bpf;

/**
 * One eBPF instruction (Documentation/bpf/standardization/instruction-set.rst). Every
 * instruction takes one 8-byte slot except {@link LoadImm64}, which takes two; jump offsets
 * count slots.
 */
public sealed interface Instruction
    permits Alu, ByteSwap, Jump, Goto, Call, CallLocal, Exit, LoadImm64, Load, Store, StoreImm, Atomic {

  /** How many 8-byte slots the encoded instruction takes. */
  default int slots() {
    return this instanceof LoadImm64 ? 2 : 1;
  }

  /** Checks a 16-bit signed memory offset. */
  static int offset16(int offset) {
    if (offset < Short.MIN_VALUE || offset > Short.MAX_VALUE) {
      throw new IllegalArgumentException("memory offset " + offset + " does not fit 16 bits");
    }
    return offset;
  }

  /** R10 is the frame pointer: the verifier refuses writes to it ("frame pointer is read only"). */
  static Reg writable(Reg dst) {
    if (dst == Reg.R10) throw new IllegalArgumentException("r10 (the frame pointer) is read-only");
    return dst;
  }
}

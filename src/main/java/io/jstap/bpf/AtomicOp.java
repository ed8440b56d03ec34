package io.jstap.bpf;

/**
 * Atomic memory operations and their imm encodings (instruction-set.rst, "Atomic operations":
 * BPF_FETCH = 0x01, BPF_XCHG = 0xe0 | BPF_FETCH, BPF_CMPXCHG = 0xf0 | BPF_FETCH).
 */
public enum AtomicOp {
  ADD(0x00, "add"),
  OR(0x40, "or"),
  AND(0x50, "and"),
  XOR(0xa0, "xor"),
  FETCH_ADD(0x01, "add"),
  FETCH_OR(0x41, "or"),
  FETCH_AND(0x51, "and"),
  FETCH_XOR(0xa1, "xor"),
  XCHG(0xe1, "xchg"),
  CMPXCHG(0xf1, "cmpxchg");

  final int imm;
  final String word;

  AtomicOp(int imm, String word) {
    this.imm = imm;
    this.word = word;
  }

  boolean fetches() {
    return (imm & 1) != 0;
  }

  static AtomicOp decode(int imm) {
    for (AtomicOp op : values()) if (op.imm == imm) return op;
    return null;
  }
}

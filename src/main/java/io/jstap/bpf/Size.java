package io.jstap.bpf;

/** Memory access sizes, with their BPF_SIZE bits (include/uapi/linux/bpf_common.h). */
public enum Size {
  B(1, 0x10, "u8"),
  H(2, 0x08, "u16"),
  W(4, 0x00, "u32"),
  DW(8, 0x18, "u64");

  private final int bytes;
  final int bits;
  final String cName;

  Size(int bytes, int bits, String cName) {
    this.bytes = bytes;
    this.bits = bits;
    this.cName = cName;
  }

  public int bytes() {
    return bytes;
  }

  public static Size ofBytes(int bytes) {
    return switch (bytes) {
      case 1 -> B;
      case 2 -> H;
      case 4 -> W;
      case 8 -> DW;
      default -> throw new IllegalArgumentException("no BPF access size of " + bytes + " bytes");
    };
  }

  static Size ofBits(int bits) {
    for (Size s : values()) if (s.bits == bits) return s;
    throw new IllegalArgumentException("bad size bits " + bits);
  }
}

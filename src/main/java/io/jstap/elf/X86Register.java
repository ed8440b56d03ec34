package io.jstap.elf;

import java.util.Map;
import java.util.Optional;

/**
 * The x86-64 general-purpose registers, with where the kernel saves each in {@code struct
 * pt_regs} (arch/x86/include/asm/ptrace.h, the 64-bit layout): a uprobe's BPF program reads USDT
 * arguments from there.
 */
public enum X86Register {
  R15(0), R14(8), R13(16), R12(24), RBP(32), RBX(40), R11(48), R10(56), R9(64), R8(72),
  RAX(80), RCX(88), RDX(96), RSI(104), RDI(112), RIP(128), RSP(152);

  private final int ptRegsOffset;

  X86Register(int ptRegsOffset) {
    this.ptRegsOffset = ptRegsOffset;
  }

  /** The byte offset of this register in struct pt_regs. */
  public int ptRegsOffset() {
    return ptRegsOffset;
  }

  /** The name of the pt_regs member that holds this register ({@code ax}, {@code r8}, {@code ip}). */
  public String ptRegsField() {
    String n = name().toLowerCase(java.util.Locale.ROOT);
    return n.startsWith("r") && Character.isLetter(n.charAt(1)) ? n.substring(1) : n;
  }

  /**
   * A register as AT&T syntax names it (without the %), with the width of the part named: eax is
   * RAX at 4 bytes, ah is RAX's second byte.
   */
  public record Part(X86Register register, int width, boolean highByte) {}

  private static final Map<String, Part> PARTS = parts();

  private static Map<String, Part> parts() {
    var m = new java.util.HashMap<String, Part>();
    String[][] legacy = {
        // 64, 32, 16, low 8, high 8
        {"rax", "eax", "ax", "al", "ah"}, {"rbx", "ebx", "bx", "bl", "bh"},
        {"rcx", "ecx", "cx", "cl", "ch"}, {"rdx", "edx", "dx", "dl", "dh"},
        {"rsi", "esi", "si", "sil", null}, {"rdi", "edi", "di", "dil", null},
        {"rbp", "ebp", "bp", "bpl", null}, {"rsp", "esp", "sp", "spl", null},
    };
    X86Register[] regs = {RAX, RBX, RCX, RDX, RSI, RDI, RBP, RSP};
    for (int i = 0; i < regs.length; i++) {
      m.put(legacy[i][0], new Part(regs[i], 8, false));
      m.put(legacy[i][1], new Part(regs[i], 4, false));
      m.put(legacy[i][2], new Part(regs[i], 2, false));
      m.put(legacy[i][3], new Part(regs[i], 1, false));
      if (legacy[i][4] != null) {
        m.put(legacy[i][4], new Part(regs[i], 1, true));
      }
    }
    X86Register[] numbered = {R8, R9, R10, R11, R12, R13, R14, R15};
    for (int i = 0; i < numbered.length; i++) {
      String r = "r" + (i + 8);
      m.put(r, new Part(numbered[i], 8, false));
      m.put(r + "d", new Part(numbered[i], 4, false));
      m.put(r + "w", new Part(numbered[i], 2, false));
      m.put(r + "b", new Part(numbered[i], 1, false));
      m.put(r + "l", new Part(numbered[i], 1, false));
    }
    m.put("rip", new Part(RIP, 8, false));
    m.put("eip", new Part(RIP, 4, false));
    return Map.copyOf(m);
  }

  /** The register part an AT&T name (without %) names: {@code edi}, {@code r8d}, {@code ah}. */
  public static Optional<Part> part(String name) {
    return Optional.ofNullable(PARTS.get(name.toLowerCase(java.util.Locale.ROOT)));
  }
}

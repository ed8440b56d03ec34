package io.jstap.codegen;

/**
 * x86-64 registers as {@code register("...")} names them, and where {@code struct pt_regs}
 * keeps them (arch/x86/include/uapi/asm/ptrace.h, 64-bit layout: r15 first, ss last).
 */
final class Registers {
  private Registers() {}

  private static final String[] ORDER = {
      "r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10", "r9", "r8", "rax", "rcx", "rdx",
      "rsi", "rdi", "orig_rax", "rip", "cs", "flags", "rsp", "ss"};

  /**
   * A register as {@code register("name")} reads it: its bytes at {@code offset} in pt_regs
   * ({@code bytes} of them: 8, 4, 2 or 1), widened with their sign by {@code register()} and
   * without by {@code u_register()}.
   */
  record Named(String name, int offset, int bytes) {}

  /**
   * SystemTap's names (tapset/x86_64/registers.stp): the 64-bit registers, their 32-bit
   * (eax), 16-bit (ax) and 8-bit (al, ah) parts. "eflags", "xcs" and "xss" are the whole
   * slots there, "flags", "cs" and "ss" their low 16 bits; rflags is jstap's own.
   */
  private static final java.util.List<Named> NAMED = java.util.List.of(
      new Named("r15", 0, 8), new Named("r14", 8, 8), new Named("r13", 16, 8),
      new Named("r12", 24, 8), new Named("rbp", 32, 8), new Named("rbx", 40, 8),
      new Named("r11", 48, 8), new Named("r10", 56, 8), new Named("r9", 64, 8),
      new Named("r8", 72, 8), new Named("rax", 80, 8), new Named("rcx", 88, 8),
      new Named("rdx", 96, 8), new Named("rsi", 104, 8), new Named("rdi", 112, 8),
      new Named("orig_rax", 120, 8), new Named("rip", 128, 8), new Named("xcs", 136, 8),
      new Named("eflags", 144, 8), new Named("rflags", 144, 8), new Named("rsp", 152, 8),
      new Named("xss", 160, 8),
      new Named("ebp", 32, 4), new Named("ebx", 40, 4), new Named("eax", 80, 4),
      new Named("ecx", 88, 4), new Named("edx", 96, 4), new Named("esi", 104, 4),
      new Named("edi", 112, 4), new Named("orig_eax", 120, 4), new Named("eip", 128, 4),
      new Named("esp", 152, 4),
      new Named("bp", 32, 2), new Named("bx", 40, 2), new Named("ax", 80, 2),
      new Named("cx", 88, 2), new Named("dx", 96, 2), new Named("si", 104, 2),
      new Named("di", 112, 2), new Named("orig_ax", 120, 2), new Named("ip", 128, 2),
      new Named("cs", 136, 2), new Named("flags", 144, 2), new Named("sp", 152, 2),
      new Named("ss", 160, 2),
      new Named("al", 80, 1), new Named("ah", 81, 1), new Named("bl", 40, 1),
      new Named("bh", 41, 1), new Named("cl", 88, 1), new Named("ch", 89, 1),
      new Named("dl", 96, 1), new Named("dh", 97, 1));

  /** The register {@code register(name)} reads, or null for a name x86-64 does not have. */
  static Named named(String name) {
    for (Named n : NAMED) {
      if (n.name().equals(name)) return n;
    }
    return null;
  }

  /** Every name {@link #named} knows, for messages. */
  static java.util.List<String> names() {
    return NAMED.stream().map(Named::name).toList();
  }

  /** A 64-bit register's index in pt_regs (offset / 8), by its pt_regs name, or -1. */
  static long indexOf(String name) {
    for (int i = 0; i < ORDER.length; i++) {
      if (ORDER[i].equals(name)) return i;
    }
    return -1;
  }

  /** Byte offset in pt_regs of the n-th integer argument of the SysV x86-64 ABI (1-based). */
  static int argumentOffset(int n) {
    String reg = switch (n) {
      case 1 -> "rdi";
      case 2 -> "rsi";
      case 3 -> "rdx";
      case 4 -> "rcx";
      case 5 -> "r8";
      case 6 -> "r9";
      default -> null;
    };
    return reg == null ? -1 : (int) indexOf(reg) * 8;
  }

  static int returnValueOffset() {
    return (int) indexOf("rax") * 8;
  }
}

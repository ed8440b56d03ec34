package io.jstap.codegen;

import java.util.Map;

/**
 * x86-64 registers as {@code register("...")} names them, and where {@code struct pt_regs}
 * keeps them (arch/x86/include/uapi/asm/ptrace.h, 64-bit layout: r15 first, ss last).
 */
final class Registers {
  private Registers() {}

  private static final String[] ORDER = {
      "r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10", "r9", "r8", "rax", "rcx", "rdx",
      "rsi", "rdi", "orig_rax", "rip", "cs", "flags", "rsp", "ss"};

  private static final Map<String, String> ALIASES = Map.ofEntries(
      Map.entry("ax", "rax"), Map.entry("eax", "rax"), Map.entry("bx", "rbx"),
      Map.entry("ebx", "rbx"), Map.entry("cx", "rcx"), Map.entry("ecx", "rcx"),
      Map.entry("dx", "rdx"), Map.entry("edx", "rdx"), Map.entry("si", "rsi"),
      Map.entry("esi", "rsi"), Map.entry("di", "rdi"), Map.entry("edi", "rdi"),
      Map.entry("bp", "rbp"), Map.entry("ebp", "rbp"), Map.entry("sp", "rsp"),
      Map.entry("esp", "rsp"), Map.entry("ip", "rip"), Map.entry("eip", "rip"),
      Map.entry("orig_ax", "orig_rax"), Map.entry("eflags", "flags"), Map.entry("rflags", "flags"));

  /** The register's index in pt_regs (offset / 8), or -1. */
  static long indexOf(String name) {
    String n = ALIASES.getOrDefault(name, name);
    for (int i = 0; i < ORDER.length; i++) {
      if (ORDER[i].equals(n)) return i;
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

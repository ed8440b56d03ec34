package io.jstap.elf;

/**
 * An x86-64 instruction length decoder for 64-bit mode: enough of the encoding (Intel SDM vol. 2,
 * chapter 2 and appendix A) to walk code the way objdump does and to see relative branches and
 * RIP-relative memory operands. It knows legacy prefixes, REX, the one-byte, 0F, 0F38 and 0F3A
 * maps, VEX (C4/C5), EVEX (62) and XOP (8F) prefixes, ModRM/SIB/displacements and immediates. It
 * does not tell instructions apart beyond that.
 */
public final class X86Decoder {
  /** The architectural limit on an instruction's length. */
  public static final int MAX_LENGTH = 15;

  private static final int MODRM = 1;
  private static final int IB = 2; // imm8 (or rel8)
  private static final int IW = 4; // imm16
  private static final int IZ = 8; // imm16 or imm32 by operand size
  private static final int IV = 16; // imm16, imm32 or imm64 by operand size (mov r, imm)
  private static final int MOFFS = 32; // 64- or 32-bit address by address size
  private static final int BAD = 64; // invalid in 64-bit mode
  private static final int GROUP3 = 128; // F6/F7: test has an immediate, the rest not
  private static final int REL32 = 256; // rel32 whatever the operand size

  private static final int[] ONE_BYTE = new int[256];
  private static final int[] TWO_BYTE = new int[256];

  static {
    for (int op = 0; op < 0x40; op++) {
      // the ALU block: op r/m,r; op r,r/m; op al,ib; op eax,iz
      int low = op & 7;
      ONE_BYTE[op] = low < 4 ? MODRM : low == 4 ? IB : low == 5 ? IZ : BAD;
    }
    // 0F, and the segment prefixes, are handled before the table; what is left of x6/x7 is
    // push/pop of segment registers, daa, das, aaa, aas: all invalid in 64-bit mode.
    set(ONE_BYTE, 0x50, 0x5f, 0);
    set(ONE_BYTE, 0x60, 0x62, BAD);
    ONE_BYTE[0x63] = MODRM;
    ONE_BYTE[0x68] = IZ;
    ONE_BYTE[0x69] = MODRM | IZ;
    ONE_BYTE[0x6a] = IB;
    ONE_BYTE[0x6b] = MODRM | IB;
    set(ONE_BYTE, 0x6c, 0x6f, 0);
    set(ONE_BYTE, 0x70, 0x7f, IB);
    ONE_BYTE[0x80] = MODRM | IB;
    ONE_BYTE[0x81] = MODRM | IZ;
    ONE_BYTE[0x82] = BAD;
    ONE_BYTE[0x83] = MODRM | IB;
    set(ONE_BYTE, 0x84, 0x8f, MODRM);
    set(ONE_BYTE, 0x90, 0x9f, 0);
    ONE_BYTE[0x9a] = BAD;
    set(ONE_BYTE, 0xa0, 0xa3, MOFFS);
    set(ONE_BYTE, 0xa4, 0xa7, 0);
    ONE_BYTE[0xa8] = IB;
    ONE_BYTE[0xa9] = IZ;
    set(ONE_BYTE, 0xaa, 0xaf, 0);
    set(ONE_BYTE, 0xb0, 0xb7, IB);
    set(ONE_BYTE, 0xb8, 0xbf, IV);
    ONE_BYTE[0xc0] = MODRM | IB;
    ONE_BYTE[0xc1] = MODRM | IB;
    ONE_BYTE[0xc2] = IW;
    ONE_BYTE[0xc3] = 0;
    ONE_BYTE[0xc6] = MODRM | IB;
    ONE_BYTE[0xc7] = MODRM | IZ;
    ONE_BYTE[0xc8] = IW | IB;
    ONE_BYTE[0xc9] = 0;
    ONE_BYTE[0xca] = IW;
    set(ONE_BYTE, 0xcb, 0xcc, 0);
    ONE_BYTE[0xcd] = IB;
    ONE_BYTE[0xce] = BAD;
    ONE_BYTE[0xcf] = 0;
    set(ONE_BYTE, 0xd0, 0xd3, MODRM);
    set(ONE_BYTE, 0xd4, 0xd6, BAD);
    ONE_BYTE[0xd7] = 0;
    set(ONE_BYTE, 0xd8, 0xdf, MODRM);
    set(ONE_BYTE, 0xe0, 0xe7, IB);
    ONE_BYTE[0xe8] = REL32;
    ONE_BYTE[0xe9] = REL32;
    ONE_BYTE[0xea] = BAD;
    ONE_BYTE[0xeb] = IB;
    set(ONE_BYTE, 0xec, 0xef, 0);
    ONE_BYTE[0xf1] = 0;
    set(ONE_BYTE, 0xf4, 0xf5, 0);
    ONE_BYTE[0xf6] = MODRM | GROUP3;
    ONE_BYTE[0xf7] = MODRM | GROUP3;
    set(ONE_BYTE, 0xf8, 0xfd, 0);
    ONE_BYTE[0xfe] = MODRM;
    ONE_BYTE[0xff] = MODRM;

    set(TWO_BYTE, 0x00, 0xff, MODRM);
    for (int op : new int[] {0x05, 0x06, 0x07, 0x08, 0x09, 0x0b, 0x0e, 0x30, 0x31, 0x32, 0x33,
        0x34, 0x35, 0x37, 0x77, 0xa0, 0xa1, 0xa2, 0xa8, 0xa9, 0xaa}) {
      TWO_BYTE[op] = 0;
    }
    for (int op : new int[] {0x04, 0x0a, 0x0c, 0x36, 0x39, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f, 0x7a,
        0x7b, 0xa6, 0xa7}) {
      TWO_BYTE[op] = BAD;
    }
    set(TWO_BYTE, 0xc8, 0xcf, 0); // bswap
    set(TWO_BYTE, 0x80, 0x8f, REL32); // jcc rel32
    // ModRM plus imm8: 3DNow!, pshuf*, psrl/psra/psll groups, shld/shrd, bt group, cmpps,
    // pinsrw, pextrw, shufps
    for (int op : new int[] {0x0f, 0x70, 0x71, 0x72, 0x73, 0xa4, 0xac, 0xba, 0xc2, 0xc4, 0xc5,
        0xc6}) {
      TWO_BYTE[op] = MODRM | IB;
    }
  }

  private static void set(int[] table, int from, int to, int value) {
    for (int i = from; i <= to; i++) {
      table[i] = value;
    }
  }

  private X86Decoder() {}

  /**
   * Decodes the instruction at {@code code[offset]}, which is at {@code address}; bytes from
   * {@code limit} on do not belong to the code. A byte sequence that is no valid instruction, or
   * is cut off by the limit, decodes as a one-byte {@link X86Instruction.Flow#INVALID}.
   */
  public static X86Instruction decode(byte[] code, int offset, int limit, long address) {
    int end = Math.min(limit, offset + MAX_LENGTH);
    int p = offset;
    boolean operand16 = false;
    boolean address32 = false;
    boolean rexW = false;
    // legacy prefixes, and REX, which counts only right before the opcode
    while (p < end) {
      int b = code[p] & 0xff;
      if (b == 0x66) {
        operand16 = true;
      } else if (b == 0x67) {
        address32 = true;
      } else if (b == 0xf0 || b == 0xf2 || b == 0xf3 || b == 0x2e || b == 0x36 || b == 0x3e
          || b == 0x26 || b == 0x64 || b == 0x65) {
        // lock, rep, segment overrides (branch hints): no effect on the length
      } else if ((b & 0xf0) == 0x40) {
        rexW = (b & 8) != 0;
        if (p + 1 < end && isLegacyPrefix(code[p + 1] & 0xff)) {
          rexW = false; // a REX followed by a prefix is ignored
        }
      } else {
        break;
      }
      p++;
    }
    if (p >= end) {
      return invalid(address);
    }
    int op = code[p++] & 0xff;
    int map = 0;
    int flags;
    boolean vexLike = false;
    if (op == 0xc4 || op == 0xc5 || op == 0x62
        || op == 0x8f && p < end && (code[p] & 0x1f) >= 8) {
      // VEX (C5 xx, C4 xx xx), EVEX (62 xx xx xx), XOP (8F xx xx with map 8-10)
      int escape = op;
      int prefixBytes = op == 0xc5 ? 1 : op == 0x62 ? 3 : 2;
      if (p + prefixBytes >= end) {
        return invalid(address);
      }
      int selector = code[p] & 0xff;
      if (op == 0xc5) {
        map = 1;
      } else if (op == 0x62) {
        map = selector & 7;
        rexW = (code[p + 1] & 0x80) != 0;
      } else {
        map = selector & 0x1f;
        rexW = (code[p + 1] & 0x80) != 0;
      }
      p += prefixBytes;
      op = code[p++] & 0xff;
      vexLike = true;
      flags = switch (map) {
        // vzeroupper/vzeroall (VEX 0F 77) have no ModRM
        case 1 -> op == 0x77 && escape != 0x62 ? 0 : MODRM | (TWO_BYTE[op] & IB);
        case 2, 5, 6, 9 -> MODRM;
        case 3, 8 -> MODRM | IB;
        case 10 -> MODRM | IZ;
        default -> BAD;
      };
      operand16 = false;
    } else if (op == 0x0f) {
      if (p >= end) {
        return invalid(address);
      }
      op = code[p++] & 0xff;
      if (op == 0x38 || op == 0x3a) {
        map = op == 0x38 ? 2 : 3;
        if (p >= end) {
          return invalid(address);
        }
        op = code[p++] & 0xff;
        flags = map == 2 ? MODRM : MODRM | IB;
      } else {
        map = 1;
        flags = TWO_BYTE[op];
      }
    } else {
      flags = ONE_BYTE[op];
    }
    if ((flags & BAD) != 0) {
      return invalid(address);
    }
    boolean rip = false;
    int dispAt = -1;
    int reg = 0;
    if ((flags & MODRM) != 0) {
      if (p >= end) {
        return invalid(address);
      }
      int modrm = code[p++] & 0xff;
      int mod = modrm >>> 6;
      int rm = modrm & 7;
      reg = (modrm >>> 3) & 7;
      if (mod != 3) {
        if (rm == 4) {
          if (p >= end) {
            return invalid(address);
          }
          int sib = code[p++] & 0xff;
          if (mod == 0 && (sib & 7) == 5) {
            dispAt = p;
            p += 4;
          }
        } else if (mod == 0 && rm == 5) {
          rip = true; // disp32 relative to the next instruction (64-bit mode)
          dispAt = p;
          p += 4;
        }
        if (mod == 1) {
          p += 1;
        } else if (mod == 2) {
          p += 4;
        }
      }
    }
    int imm = 0;
    if ((flags & IB) != 0) {
      imm += 1;
    }
    if ((flags & IW) != 0) {
      imm += 2;
    }
    if ((flags & IZ) != 0) {
      imm += operand16 && !rexW ? 2 : 4;
    }
    if ((flags & IV) != 0) {
      imm += rexW ? 8 : operand16 ? 2 : 4;
    }
    if ((flags & MOFFS) != 0) {
      imm += address32 ? 4 : 8;
    }
    if ((flags & REL32) != 0) {
      imm += 4;
    }
    if ((flags & GROUP3) != 0 && reg < 2) {
      imm += op == 0xf6 ? 1 : operand16 && !rexW ? 2 : 4;
    }
    int immAt = p;
    p += imm;
    if (p > end) {
      return invalid(address);
    }
    int length = p - offset;
    long next = address + length;
    long ripTarget = rip ? next + readInt(code, dispAt) : 0;
    X86Instruction.Flow flow = X86Instruction.Flow.NEXT;
    long branchTarget = 0;
    if (!vexLike && map == 0) {
      switch (op) {
        case 0xe8 -> {
          flow = X86Instruction.Flow.CALL;
          branchTarget = next + readInt(code, immAt);
        }
        case 0xe9 -> {
          flow = X86Instruction.Flow.JUMP;
          branchTarget = next + readInt(code, immAt);
        }
        case 0xeb -> {
          flow = X86Instruction.Flow.JUMP;
          branchTarget = next + code[immAt];
        }
        case 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x7b, 0x7c,
            0x7d, 0x7e, 0x7f, 0xe0, 0xe1, 0xe2, 0xe3 -> {
          flow = X86Instruction.Flow.CONDITIONAL_JUMP;
          branchTarget = next + code[immAt];
        }
        case 0xc2, 0xc3, 0xca, 0xcb, 0xcf -> flow = X86Instruction.Flow.RETURN;
        case 0xff -> {
          if (reg == 2 || reg == 3) {
            flow = X86Instruction.Flow.INDIRECT_CALL;
          } else if (reg == 4 || reg == 5) {
            flow = X86Instruction.Flow.INDIRECT_JUMP;
          }
        }
        default -> {
          // other instructions fall through
        }
      }
    } else if (!vexLike && map == 1 && op >= 0x80 && op <= 0x8f) {
      flow = X86Instruction.Flow.CONDITIONAL_JUMP;
      branchTarget = next + readInt(code, immAt);
    }
    return new X86Instruction(address, length, map << 8 | op, flow, branchTarget, rip,
        ripTarget);
  }

  private static boolean isLegacyPrefix(int b) {
    return b == 0x66 || b == 0x67 || b == 0xf0 || b == 0xf2 || b == 0xf3 || b == 0x2e
        || b == 0x36 || b == 0x3e || b == 0x26 || b == 0x64 || b == 0x65;
  }

  private static X86Instruction invalid(long address) {
    return new X86Instruction(address, 1, -1, X86Instruction.Flow.INVALID, 0, false, 0);
  }

  private static int readInt(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16
        | (b[at + 3] & 0xff) << 24;
  }
}

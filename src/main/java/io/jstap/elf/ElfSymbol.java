package io.jstap.elf;

/**
 * A symbol from .symtab or .dynsym (Elf64_Sym in elf.h).
 *
 * @param name the symbol's name, without a symbol version ({@code printf@GLIBC_2.2.5} in .symtab
 *     reads {@code printf})
 * @param value its value: a virtual address for functions and objects in executables and
 *     shared libraries
 * @param size its size in bytes, 0 when unknown
 * @param type what it names
 * @param binding its linkage
 * @param visibility STV_* (0 DEFAULT, 1 INTERNAL, 2 HIDDEN, 3 PROTECTED)
 * @param sectionIndex st_shndx: the section it belongs to; 0 (SHN_UNDEF) for imports
 * @param dynamic whether it came from .dynsym (else .symtab)
 */
public record ElfSymbol(String name, long value, long size, Type type, Binding binding,
    int visibility, int sectionIndex, boolean dynamic) {
  /** STT_* values; GNU_IFUNC is STT_LOOS. */
  public enum Type {
    NOTYPE, OBJECT, FUNC, SECTION, FILE, COMMON, TLS, GNU_IFUNC, OTHER;

    static Type of(int stt) {
      return switch (stt) {
        case 0 -> NOTYPE;
        case 1 -> OBJECT;
        case 2 -> FUNC;
        case 3 -> SECTION;
        case 4 -> FILE;
        case 5 -> COMMON;
        case 6 -> TLS;
        case 10 -> GNU_IFUNC;
        default -> OTHER;
      };
    }
  }

  /** STB_* values; GNU_UNIQUE is STB_LOOS. */
  public enum Binding {
    LOCAL, GLOBAL, WEAK, GNU_UNIQUE, OTHER;

    static Binding of(int stb) {
      return switch (stb) {
        case 0 -> LOCAL;
        case 1 -> GLOBAL;
        case 2 -> WEAK;
        case 10 -> GNU_UNIQUE;
        default -> OTHER;
      };
    }
  }

  /** SHN_UNDEF: the symbol is defined elsewhere (an import). */
  public boolean isDefined() {
    return sectionIndex != 0;
  }

  /** A defined function (FUNC or GNU_IFUNC) with an address. */
  public boolean isFunction() {
    return (type == Type.FUNC || type == Type.GNU_IFUNC) && isDefined() && value != 0;
  }
}

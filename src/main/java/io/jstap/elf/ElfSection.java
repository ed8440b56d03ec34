package io.jstap.elf;

/**
 * A section header (Elf64_Shdr in elf.h).
 *
 * @param index the section's index in the section header table
 * @param name the name from the section name string table
 * @param type SHT_* (1 PROGBITS, 2 SYMTAB, 3 STRTAB, 7 NOTE, 8 NOBITS, 11 DYNSYM)
 * @param flags SHF_* (1 WRITE, 2 ALLOC, 4 EXECINSTR)
 * @param address the virtual address when loaded, 0 if not allocated
 * @param offset where its bytes start in the file
 * @param size its size in bytes (none in the file for NOBITS)
 * @param link sh_link: for symbol tables, the index of their string table
 * @param info sh_info
 * @param alignment sh_addralign
 * @param entrySize sh_entsize: the size of one entry for tables
 */
public record ElfSection(int index, String name, int type, long flags, long address, long offset,
    long size, int link, int info, long alignment, long entrySize) {
  public static final int SHT_PROGBITS = 1;
  public static final int SHT_SYMTAB = 2;
  public static final int SHT_NOTE = 7;
  public static final int SHT_NOBITS = 8;
  public static final int SHT_DYNSYM = 11;
  public static final long SHF_ALLOC = 2;
  public static final long SHF_EXECINSTR = 4;

  public boolean isExecutable() {
    return (flags & SHF_EXECINSTR) != 0;
  }

  public boolean isAllocated() {
    return (flags & SHF_ALLOC) != 0;
  }

  /** Whether the section's bytes are in the file (every type but NOBITS). */
  public boolean hasFileBytes() {
    return type != SHT_NOBITS;
  }
}

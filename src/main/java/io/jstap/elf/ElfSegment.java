package io.jstap.elf;

/**
 * A program header (Elf64_Phdr in elf.h): how part of the file is mapped into memory.
 *
 * @param type PT_* (1 LOAD, 2 DYNAMIC, 4 NOTE, 0x6474e550 GNU_EH_FRAME)
 * @param flags PF_* (1 X, 2 W, 4 R)
 * @param offset where the segment starts in the file
 * @param virtualAddress where it is mapped, relative to the load base for PIE and libraries
 * @param physicalAddress p_paddr (unused on Linux)
 * @param fileSize how many bytes come from the file
 * @param memorySize how many bytes it occupies in memory (the rest is zero-filled)
 * @param alignment p_align
 */
public record ElfSegment(int type, int flags, long offset, long virtualAddress,
    long physicalAddress, long fileSize, long memorySize, long alignment) {
  public static final int PT_LOAD = 1;
  public static final int PT_NOTE = 4;
  public static final int PF_X = 1;

  public boolean isLoad() {
    return type == PT_LOAD;
  }

  public boolean isExecutable() {
    return (flags & PF_X) != 0;
  }

  /** Whether a virtual address falls in the part of the segment backed by the file. */
  public boolean containsFileBacked(long address) {
    return Long.compareUnsigned(address, virtualAddress) >= 0
        && Long.compareUnsigned(address - virtualAddress, fileSize) < 0;
  }
}

package io.jstap.elf;

import java.util.Optional;

/**
 * The code of one function (or of one part of a function the compiler split off), and how it was
 * found.
 *
 * @param start the first instruction's address
 * @param end the address after its last byte
 * @param name the symbol starting at {@code start}, if the file has one
 * @param source what told where the function is
 */
public record FunctionRange(long start, long end, Optional<String> name, Source source) {
  public enum Source {
    /** A sized function symbol of .symtab or .dynsym covers it. */
    SYMBOL,
    /** An FDE of .eh_frame covers it. */
    EH_FRAME,
    /**
     * The nearest function start below it, from symbols and from the targets of calls and of
     * RIP-relative references into code (functions whose address is taken).
     */
    CODE_SCAN
  }

  public boolean contains(long address) {
    return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
  }

  @Override
  public String toString() {
    return name.orElse("function at 0x" + Long.toHexString(start)) + " [0x"
        + Long.toHexString(start) + "-0x" + Long.toHexString(end) + ") from " + source;
  }
}

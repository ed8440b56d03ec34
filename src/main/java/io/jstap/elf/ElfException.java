package io.jstap.elf;

import java.io.IOException;

/**
 * A file that is not an ELF file jstap can read, or an ELF file whose contents contradict
 * themselves. The message names the file and says what is wrong with it.
 */
public final class ElfException extends IOException {
  private static final long serialVersionUID = 1L;

  public ElfException(String message) {
    super(message);
  }
}

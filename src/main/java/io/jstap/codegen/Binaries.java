package io.jstap.codegen;

import io.jstap.elf.ElfFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The ELF files that process probes name, each opened once per compilation. */
public final class Binaries {
  private final Map<String, ElfFile> open = new HashMap<>();

  public ElfFile of(String path) {
    return open.computeIfAbsent(path, p -> {
      try {
        return ElfFile.open(Path.of(p));
      } catch (IOException e) {
        throw new UncheckedIOException(p + ": " + e.getMessage(), e);
      }
    });
  }
}

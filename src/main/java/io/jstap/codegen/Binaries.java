package io.jstap.codegen;

import io.jstap.elf.CodeReferences;
import io.jstap.elf.ElfException;
import io.jstap.elf.ElfFile;
import io.jstap.elf.TraceEventFunctions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The ELF files that process probes name, each opened once per compilation. */
public final class Binaries {
  private final Map<String, ElfFile> open = new HashMap<>();
  private final Map<String, CodeReferences> code = new HashMap<>();
  private final Map<String, TraceEventFunctions.Found> traceEventFunctions = new HashMap<>();

  public ElfFile of(String path) {
    return open.computeIfAbsent(path, p -> {
      try {
        return ElfFile.open(Path.of(p));
      } catch (IOException e) {
        throw new UncheckedIOException(p + ": " + e.getMessage(), e);
      }
    });
  }

  /**
   * A function without a symbol, found through the trace event named after it (each binary's
   * code is read once, and each answer kept: an entry and a return probe ask twice).
   */
  public TraceEventFunctions.Found traceEventFunction(String path, String function)
      throws ElfException {
    String key = path + "\0" + function;
    var found = traceEventFunctions.get(key);
    if (found == null) {
      ElfFile elf = of(path);
      CodeReferences refs = code.get(path);
      if (refs == null) {
        refs = CodeReferences.of(elf);
        code.put(path, refs);
      }
      found = TraceEventFunctions.find(elf, refs, function);
      traceEventFunctions.put(key, found);
    }
    return found;
  }
}

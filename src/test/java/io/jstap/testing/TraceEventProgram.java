package io.jstap.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * src/test/resources/elf/trace_events.c built the way Debian builds QEMU: trace-event states
 * exported, static functions emitting the events, then stripped. Also kept unstripped, whose
 * .symtab says where the static functions really are.
 *
 * @param stripped the program as tests probe it
 * @param unstripped the same code with its symbols
 */
public record TraceEventProgram(Path stripped, Path unstripped) {
  /** Compiles both copies into {@code dir} (gcc and strip, installed when missing). */
  public static TraceEventProgram build(Path dir) throws IOException, InterruptedException {
    String gcc = DebianPackage.require("gcc", "/usr/bin/gcc").toString();
    String strip = DebianPackage.require("binutils", "/usr/bin/strip").toString();
    Path source = dir.resolve("trace_events.c");
    try (InputStream in = TraceEventProgram.class.getResourceAsStream("/elf/trace_events.c")) {
      Files.copy(in, source);
    }
    Path unstripped = dir.resolve("trace_events.full");
    // -rdynamic exports the global symbols in .dynsym, as QEMU's module support does
    CProgram.run(gcc, "-O2", "-rdynamic", "-o", unstripped.toString(), source.toString());
    Path stripped = dir.resolve("trace_events");
    Files.copy(unstripped, stripped);
    CProgram.run(strip, stripped.toString());
    return new TraceEventProgram(stripped, unstripped);
  }
}

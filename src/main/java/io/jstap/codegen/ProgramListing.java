package io.jstap.codegen;

import io.jstap.bpf.AssembledProgram;
import io.jstap.bpf.Disassembler;
import io.jstap.bpf.Instruction;
import io.jstap.bpf.MapSpec;
import io.jstap.lang.LineIndex;
import io.jstap.lang.Span;
import io.jstap.sema.ResolvedProbe;
import java.util.Objects;

/**
 * Pass 3's listing ({@code -p3}): each kernel probe's BPF program in the kernel verifier's
 * syntax, annotated with the script lines it came from, then the maps; user-space probes are
 * named as such.
 */
public final class ProgramListing {
  private ProgramListing() {}

  public static String print(CompiledScript script) {
    var b = new StringBuilder();
    // Span.toString() scans the text for its line: with a thousand probes, that was most of -p3.
    var lines = new java.util.IdentityHashMap<io.jstap.lang.Source, LineIndex>();
    for (KernelProgram p : script.programs()) {
      AssembledProgram code = p.spec().code();
      b.append("# ").append(p.probe().point()).append(": program ").append(p.spec().name())
          .append(" (").append(p.spec().type().name().toLowerCase(java.util.Locale.ROOT))
          .append(p.spec().isSleepable() ? ", sleepable" : "")
          .append(", ").append(code.slotCount()).append(" instructions)\n");
      int slot = 0;
      Object last = null;
      for (int i = 0; i < code.instructions().size(); i++) {
        Object pos = code.positions().get(i);
        if (pos != null && !Objects.equals(pos, last)) b.append(annotation(pos, lines)).append('\n');
        last = pos;
        Instruction insn = code.instructions().get(i);
        b.append(Disassembler.line(slot, insn)).append('\n');
        slot += insn.slots();
      }
      b.append('\n');
    }
    for (ResolvedProbe p : script.userProbes()) {
      b.append("# ").append(p.point()).append(": runs in user space (interpreted)\n");
    }
    if (!script.maps().isEmpty()) {
      b.append("\n# maps\n");
      for (MapSpec m : script.maps()) {
        b.append(String.format("%-15s %-14s key %4d  value %6d  entries %7d%n", m.name(),
            m.type().name().toLowerCase(java.util.Locale.ROOT), m.keySize(), m.valueSize(),
            m.maxEntries()));
      }
    }
    return b.toString();
  }

  /** {@code ; t.stp:3:5: printf("%d\n", n)}: where, and the line itself. */
  private static String annotation(Object pos,
      java.util.Map<io.jstap.lang.Source, LineIndex> lines) {
    if (!(pos instanceof Span s)) return "; " + pos;
    String text = s.source().text();
    int start = s.source().lineStart(s.start());
    int end = s.source().lineEnd(s.start());
    return "; " + location(s, lines) + ": " + text.substring(start, end).strip();
  }

  /** {@code file:line:column} of a span, as {@link Span#toString()}, through a line index. */
  static String location(Span s, java.util.Map<io.jstap.lang.Source, LineIndex> lines) {
    LineIndex index = lines.computeIfAbsent(s.source(), LineIndex::new);
    return s.source().name() + ":" + index.line(s.start()) + ":" + index.column(s.start());
  }
}

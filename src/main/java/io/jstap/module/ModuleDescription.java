package io.jstap.module;

import io.jstap.bpf.MapSpec;
import io.jstap.codegen.OutputRecord;
import io.jstap.lang.Source;
import java.util.Locale;

/** A module's metadata as text: what {@code -k} keeps beside the module. */
public final class ModuleDescription {
  private ModuleDescription() {}

  public static String of(ScriptModule m) {
    var b = new StringBuilder();
    b.append("module ").append(m.name()).append(" (format ").append(ModuleFile.FORMAT_VERSION)
        .append("), built by jstap ").append(m.jstapVersion()).append('\n');
    b.append("kernel ").append(m.kernel().release()).append(' ').append(m.kernel().machine())
        .append(", BTF ").append(m.kernel().btfDigest()).append('\n');
    if (!m.needsKernel()) b.append("  (no BPF programs: the module runs on any kernel)\n");
    ScriptInputs in = m.inputs();
    b.append("\n# script and its inputs (passes 1 and 2 run again from these)\n");
    b.append("script ").append(describe(in.script())).append('\n');
    for (Source s : in.macroFiles()) b.append("macro file ").append(describe(s)).append('\n');
    for (Source s : in.tapsets()) b.append("tapset ").append(describe(s)).append('\n');
    b.append("arguments ").append(in.arguments()).append('\n');
    b.append("defines ").append(new java.util.TreeMap<>(in.defines())).append('\n');
    b.append("guru ").append(in.guru()).append('\n');
    b.append("preprocessor kernel ").append(in.kernelRelease()).append(' ').append(in.arch())
        .append(", CONFIG answers ").append(in.kernelConfig().size()).append('\n');
    if (in.defaultProcess() != null) b.append("default process ").append(in.defaultProcess()).append('\n');
    EnvironmentRecording env = in.environment();
    b.append("recorded: ")
        .append(env.tracepoints() == null ? "no" : env.tracepoints().size()).append(" tracepoint names, ")
        .append(env.tracepointArgs().size()).append(" tracepoint argument lists, ")
        .append(env.kernelFunctions() == null ? "no" : env.kernelFunctions().size())
        .append(" kernel functions, ").append(env.binaries().size()).append(" binaries resolved, ")
        .append(env.functions().size()).append(" symbol tables, ").append(env.marks().size())
        .append(" USDT mark lists\n");
    b.append("\n# globals\n").append(m.storageLayout()).append('\n');
    b.append("limits ").append(m.limits()).append('\n');
    b.append("\n# programs\n");
    for (ScriptModule.Program p : m.programs()) {
      b.append(String.format("%-15s %-15s %s%s%n  section %s, %d instructions%n",
          p.spec().name(), p.spec().type().name().toLowerCase(Locale.ROOT), p.point(),
          p.optional() ? " (optional)" : "", ModuleFile.sectionName(p.attach()),
          p.spec().code().slotCount()));
    }
    b.append("\n# maps\n");
    for (MapSpec s : m.maps()) {
      b.append(String.format("%-15s %-14s key %4d  value %6d  entries %7d%s%n", s.name(),
          s.type().name().toLowerCase(Locale.ROOT), s.keySize(), s.valueSize(), s.maxEntries(),
          m.mapContents().containsKey(s.name()) ? "  (filled" + (m.frozenMaps().contains(s.name())
              ? ", read-only)" : ")") : ""));
    }
    b.append("\n# output records\n");
    for (OutputRecord r : m.records()) {
      b.append(String.format("%3d %-7s %s%n", r.id(), r.channel().name().toLowerCase(Locale.ROOT),
          r.format() == null ? "" : "\"" + r.format().text().replace("\n", "\\n") + "\""));
    }
    if (!m.binaries().isEmpty()) {
      b.append("\n# binaries\n");
      for (ScriptModule.BinaryDigest d : m.binaries()) {
        b.append(d.path()).append(' ').append(d.digest()).append('\n');
      }
    }
    return b.toString();
  }

  private static String describe(Source s) {
    return s.name() + " (" + s.text().length() + " characters)";
  }
}

package io.jstap.cli;

import io.jstap.elf.ElfFile;
import io.jstap.elf.UsdtArgument;
import io.jstap.elf.UsdtProbe;
import io.jstap.kernel.KernelConfig;
import io.jstap.kernel.KernelRelease;
import io.jstap.lang.Diagnostics;
import io.jstap.lang.Frontend;
import io.jstap.lang.GlobPattern;
import io.jstap.lang.Source;
import io.jstap.runtime.MachineEnvironment;
import io.jstap.sema.CheckedScript;
import io.jstap.sema.ProbeEnvironment;
import io.jstap.sema.ProbeTarget;
import io.jstap.sema.ResolvedProbe;
import io.jstap.sema.SyscallAliases;
import io.jstap.sema.Tapset;
import io.jstap.sema.Type;
import io.jstap.sema.VariableSymbol;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * {@code -l PROBE} and {@code -L PROBE}: the probe points a pattern matches, one per line and
 * sorted, as stap lists them; with {@code -L}, each followed by what a handler can read there:
 * a tracepoint's {@code $arguments} with their C types, a USDT mark's {@code $arg1..$argN}, a
 * syscall alias's locals. The pattern is resolved the way a probe declaration is, so {@code -l}
 * lists exactly what {@code probe PATTERN} would attach to.
 */
final class ProbeListing {
  private final ScriptOptions options;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Supplier<MachineEnvironment> machine;

  ProbeListing(ScriptOptions options, PrintWriter out, PrintWriter err,
      Supplier<MachineEnvironment> machine) {
    this.options = options;
    this.out = out;
    this.err = err;
    this.machine = machine;
  }

  int run() {
    String pattern = options.listPattern().strip();
    ProbeEnvironment env = machine.get();
    var kernel = KernelRelease.running();
    var context = ScriptFrontEnd.context(kernel.release(), kernel.arch(),
        n -> KernelConfig.running().option(n).filter(v -> !v.equals("n")).orElse(null),
        List.of(), options.guruMode());
    var tapsets = new ArrayList<>(Tapset.builtInSources());
    tapsets.addAll(Tapset.includeSources(options.includeDirs()));
    var diagnostics = new Diagnostics();
    var parsed = ScriptFrontEnd.parse(new Source("<probe pattern>", "probe " + pattern + " {}"),
        List.of(), context, diagnostics);
    if (diagnostics.hasErrors()) return fail(diagnostics);
    var lines = new TreeSet<String>();
    var syscallNames = syscallNames(pattern, env, parsed, diagnostics);
    var aliasNames = syscallNames != null ? null : aliasNames(parsed, tapsets, diagnostics);
    if (syscallNames != null) {
      for (String name : syscallNames) {
        String line = name;
        if (options.listVariables()) {
          var d = new Diagnostics();
          CheckedScript checked = checkOne(name, context, tapsets, env, d);
          if (!d.hasErrors()) line += locals(checked);
        }
        lines.add(line);
      }
    } else if (aliasNames != null) {
      // stap lists a tapset alias by its own name, when it resolves on this machine
      for (String name : aliasNames) {
        var d = new Diagnostics();
        CheckedScript checked = checkOne(name, context, tapsets, env, d);
        if (d.hasErrors() || checked.probes().isEmpty()) continue;
        lines.add(options.listVariables()
            ? name + variables(checked.probes().getFirst(), env, checked) : name);
      }
    } else {
      CheckedScript checked = ScriptFrontEnd.check(parsed, tapsets, env, null,
          options.guruMode(), diagnostics);
      if (diagnostics.hasErrors()) return fail(diagnostics);
      for (ResolvedProbe p : checked.probes()) {
        // the pattern's probes, not those the tapset files bring (argv.stp's begin)
        if (p.declaration().span().source() != parsed.script().span().source()) continue;
        lines.add(options.listVariables() ? p.point() + variables(p, env, checked) : p.point());
      }
    }
    for (String l : lines) out.println(l);
    out.flush();
    return 0;
  }

  private int fail(Diagnostics diagnostics) {
    err.print(diagnostics.render());
    err.flush();
    return 1;
  }

  /**
   * The {@code syscall.NAME} and {@code syscall.NAME.return} aliases a pattern names, as stap
   * lists them (by alias, not by the tracepoint under it); null when the pattern is not one of
   * {@code syscall.GLOB} or {@code syscall.GLOB.return}.
   */
  private static List<String> syscallNames(String pattern, ProbeEnvironment env,
      ScriptFrontEnd.Parsed parsed, Diagnostics diagnostics) {
    var decl = parsed.script().decls().getFirst();
    if (!(decl instanceof io.jstap.lang.ast.ProbeDecl p) || p.points().size() != 1) return null;
    var comps = p.points().getFirst().components();
    if (comps.size() < 2 || comps.size() > 3 || !comps.get(0).name().equals("syscall")) return null;
    if (comps.stream().anyMatch(c -> c.argument() != null)) return null;
    boolean isReturn = comps.size() == 3;
    if (isReturn && !comps.get(2).name().equals("return")) return null;
    var aliases = new SyscallAliases(env, s -> Frontend.parseTapset(s, parsed.context(),
        parsed.library(), diagnostics), Set.of());
    var names = new ArrayList<String>();
    for (String name : aliases.syscalls()) {
      if (GlobPattern.matches(comps.get(1).name(), name)) {
        names.add("syscall." + name + (isReturn ? ".return" : ""));
      }
    }
    return names;
  }

  private CheckedScript checkOne(String point, io.jstap.lang.PreprocessorContext context,
      List<Source> tapsets, ProbeEnvironment env, Diagnostics d) {
    var one = ScriptFrontEnd.parse(new Source("<probe pattern>", "probe " + point + " {}"),
        List.of(), context, d);
    return ScriptFrontEnd.check(one, tapsets, env, null, options.guruMode(), d);
  }

  /**
   * The tapset aliases a pattern names ({@code scheduler.*}, {@code ioblock.request}), as stap
   * lists them; null when the pattern is not one point of a tapset alias family.
   */
  private static List<String> aliasNames(ScriptFrontEnd.Parsed parsed, List<Source> tapsets,
      Diagnostics diagnostics) {
    var decl = parsed.script().decls().getFirst();
    if (!(decl instanceof io.jstap.lang.ast.ProbeDecl p) || p.points().size() != 1) return null;
    var comps = p.points().getFirst().components();
    if (comps.stream().anyMatch(c -> c.argument() != null)) return null;
    var names = new ArrayList<String>();
    boolean family = false;
    for (var script : Tapset.parse(tapsets, parsed.context(), parsed.library(), diagnostics)) {
      for (var d : script.decls()) {
        if (!(d instanceof io.jstap.lang.ast.AliasDecl a)) continue;
        for (var n : a.names()) {
          var ncomps = n.components();
          if (!GlobPattern.matches(comps.getFirst().name(), ncomps.getFirst().name())) continue;
          if (ncomps.getFirst().name().startsWith("__")) continue; // the tapset's own helpers
          family = true;
          if (ncomps.size() != comps.size()) continue;
          boolean all = true;
          for (int i = 0; i < comps.size() && all; i++) {
            all = ncomps.get(i).argument() == null
                && GlobPattern.matches(comps.get(i).name(), ncomps.get(i).name());
          }
          if (all) names.add(io.jstap.sema.ProbePoints.text(n));
        }
      }
    }
    return family ? names : null;
  }

  /** The locals an alias sets, {@code name:type}, as stap -L lists an alias's variables. */
  private static String locals(CheckedScript checked) {
    var b = new StringBuilder();
    for (ResolvedProbe p : checked.probes()) {
      var locals = checked.handlerLocals().get(p.group());
      if (locals == null) continue;
      for (VariableSymbol v : locals.values()) {
        if (v.type() == Type.UNKNOWN) continue;
        b.append(' ').append(v.name()).append(':').append(v.type().name().toLowerCase());
      }
      break;
    }
    return b.toString();
  }

  private static String variables(ResolvedProbe p, ProbeEnvironment env, CheckedScript checked) {
    var b = new StringBuilder();
    switch (p.target()) {
      case ProbeTarget.Tracepoint t -> {
        for (var a : env.tracepointArgs(t.subsystem(), t.event())) {
          b.append(" $").append(a.name()).append(':').append(a.cType());
        }
      }
      case ProbeTarget.ProcessMark m -> {
        try {
          for (UsdtProbe u : ElfFile.open(Path.of(m.binary())).usdtProbes()) {
            if (!u.provider().equals(m.provider()) || !u.name().equals(m.name())) continue;
            int i = 1;
            for (UsdtArgument a : u.arguments()) {
              b.append(" $arg").append(i++).append(':').append(a.signed() ? "" : "u")
                  .append("int").append(a.size() * 8).append("_t");
            }
            break;
          }
        } catch (java.io.IOException e) {
          // listed without its arguments
        }
      }
      default -> {}
    }
    if (!p.prologues().isEmpty()) b.append(locals(checked));
    return b.toString();
  }
}

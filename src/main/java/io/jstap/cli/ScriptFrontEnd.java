package io.jstap.cli;

import io.jstap.lang.Diagnostics;
import io.jstap.lang.Frontend;
import io.jstap.lang.MacroLibrary;
import io.jstap.lang.PreprocessorContext;
import io.jstap.lang.Source;
import io.jstap.lang.ast.GlobalDecl;
import io.jstap.lang.ast.Script;
import io.jstap.sema.CheckedScript;
import io.jstap.sema.ProbeEnvironment;
import io.jstap.sema.Semantics;
import io.jstap.sema.SyscallAliases;
import io.jstap.sema.Tapset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Passes 1 and 2 over a script's inputs. A script compiled now and a module's recorded inputs
 * go through this same code, so that {@code jstap run} rebuilds the very checked script the
 * module's programs were compiled from.
 */
final class ScriptFrontEnd {
  private ScriptFrontEnd() {}

  /** Pass 1's result, with what pass 2 parses the tapsets with. */
  record Parsed(Script script, PreprocessorContext context, MacroLibrary library) {}

  static PreprocessorContext context(String kernelRelease, String arch,
      Function<String, String> kernelConfig, List<String> arguments, boolean guru) {
    return new PreprocessorContext(kernelRelease, arch, kernelConfig, arguments, "bpf",
        "stapdev", PreprocessorContext.SYSTEMTAP_VERSION, guru);
  }

  /** Pass 1: the macro files, then the script. */
  static Parsed parse(Source script, List<Source> macroFiles, PreprocessorContext context,
      Diagnostics diagnostics) {
    // jstap's own macro files (read when a macro of theirs is used) under the -I folders' ones
    MacroLibrary library = MacroLibrary.load(macroFiles, context, diagnostics)
        .over(Tapset.macros(context, diagnostics));
    return new Parsed(Frontend.parse(script, context, library, diagnostics), context, library);
  }

  /**
   * Pass 2: tapsets, probe resolution against {@code environment}, types.
   *
   * @param defaultProcess the {@code -c} program that {@code process.function(...)} without a
   *     path probes, or null
   */
  static CheckedScript check(Parsed parsed, List<Source> tapsets, ProbeEnvironment environment,
      String defaultProcess, boolean guru, Diagnostics diagnostics) {
    List<Script> tapsetScripts = Tapset.parse(tapsets, parsed.context(), parsed.library(),
        diagnostics);
    return check(parsed, tapsetScripts, environment, defaultProcess, guru, diagnostics);
  }

  /** Pass 2 with the tapset files already parsed ({@link Tapset#reach}). */
  static CheckedScript check(Parsed parsed, Collection<Script> tapsetScripts,
      ProbeEnvironment environment, String defaultProcess, boolean guru,
      Diagnostics diagnostics) {
    var context = parsed.context();
    var library = parsed.library();
    Set<String> globals = new HashSet<>();
    for (var d : parsed.script().decls()) {
      if (d instanceof GlobalDecl g) g.variables().forEach(v -> globals.add(v.name()));
    }
    var syscalls = new SyscallAliases(environment,
        s -> Frontend.parseTapset(s, context, library, diagnostics), Set.copyOf(globals));
    return Semantics.check(parsed.script(),
        new Semantics.Inputs(List.copyOf(tapsetScripts), environment, syscalls, defaultProcess,
            guru),
        diagnostics);
  }
}

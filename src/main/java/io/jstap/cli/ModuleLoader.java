package io.jstap.cli;

import io.jstap.codegen.CompiledScript;
import io.jstap.codegen.Limits;
import io.jstap.lang.Diagnostics;
import io.jstap.module.KernelIdentity;
import io.jstap.module.ScriptModule;
import io.jstap.module.ModuleException;
import io.jstap.module.ModuleFile;
import io.jstap.module.ReplayEnvironment;
import io.jstap.module.ScriptInputs;
import io.jstap.sema.CheckedScript;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * {@code jstap run MODULE}'s first half: reads a module, checks that it is whole and fits this
 * machine, and rebuilds the script to run. Nothing is compiled: the BPF programs are the
 * module's, byte for byte. Passes 1 and 2 run again over the module's recorded inputs (the
 * script's sources and every answer the machine gave when it was compiled), which is what
 * gives the user-space probes their code and checks that this jstap lays out the globals as
 * the programs expect.
 */
final class ModuleLoader {
  private final PrintWriter err;
  private final int verbosity;

  ModuleLoader(PrintWriter err, int verbosity) {
    this.err = err;
    this.verbosity = verbosity;
  }

  /** The module's script, ready to run; null when it cannot run (reported). */
  CompiledScript load(Path file, long start) {
    ScriptModule module;
    try {
      module = ModuleFile.read(file);
    } catch (ModuleException e) {
      err.println("jstap: " + e.getMessage());
      err.flush();
      return null;
    }
    note(start, "read module " + module.name() + " (" + module.programs().size() + " program"
        + (module.programs().size() == 1 ? "" : "s") + ", built by jstap "
        + module.jstapVersion() + ")");
    String replayProblem = null;
    CompiledScript compiled = null;
    try {
      compiled = rebuild(module);
    } catch (ModuleException e) {
      replayProblem = e.getMessage();
    }
    if (module.needsKernel()) {
      List<String> problems = module.fitProblems(KernelIdentity.running());
      if (!problems.isEmpty()) {
        err.println("jstap: " + file + " does not fit this machine:");
        for (String p : problems) err.println("  " + p);
        err.println("hint: compile the script again on this machine (jstap -p4 -m "
            + module.name() + " SCRIPT), or run it where it was compiled");
        err.flush();
        return null;
      }
      note(start, "the module fits this kernel, " + module.kernel().describe());
    }
    if (replayProblem != null) return refuse(file, replayProblem);
    note(start, "rebuilt the user-space side from the module's script (passes 1 and 2)");
    return compiled;
  }

  /** Passes 1 and 2 again over the module's inputs, then the module's programs beside them. */
  private CompiledScript rebuild(ScriptModule module) throws ModuleException {
    ScriptInputs in = module.inputs();
    var diagnostics = new Diagnostics();
    CheckedScript checked;
    try {
      var context = ScriptFrontEnd.context(in.kernelRelease(), in.arch(),
          name -> in.kernelConfig().getOrDefault(name, Optional.empty()).orElse(null),
          in.arguments(), in.guru());
      var parsed = ScriptFrontEnd.parse(in.script(), in.macroFiles(), context, diagnostics);
      checked = diagnostics.hasErrors() ? null : ScriptFrontEnd.check(parsed, in.tapsets(),
          new ReplayEnvironment(in.environment()), in.defaultProcess(), in.guru(), diagnostics);
    } catch (ReplayEnvironment.NotRecorded e) {
      throw new ModuleException("this jstap resolves the script's probes differently from the"
          + " jstap that built it (" + e.getMessage() + "); compile the script again");
    }
    if (checked == null || diagnostics.hasErrors()) {
      throw new ModuleException("its script does not check with this jstap (it was built by"
          + " jstap " + module.jstapVersion() + "):\n" + diagnostics.render()
          + "compile the script again");
    }
    var problems = new LinkedHashMap<String, String>();
    Limits limits = Limits.withSettings(in.defines(), problems);
    if (!problems.isEmpty()) throw new ModuleException("its -D settings: " + problems.values());
    return module.compiledScript(checked, limits);
  }

  private CompiledScript refuse(Path file, String why) {
    err.println("jstap: cannot run " + file + ": " + why);
    err.flush();
    return null;
  }

  private void note(long start, String message) {
    if (verbosity == 0) return;
    err.println("Run: " + message + " (" + (System.nanoTime() - start) / 1_000_000 + " ms)");
    err.flush();
  }
}

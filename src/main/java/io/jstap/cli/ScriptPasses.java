package io.jstap.cli;

import io.jstap.bpf.BpfException;
import io.jstap.bpf.Features;
import io.jstap.codegen.Binaries;
import io.jstap.codegen.CompiledScript;
import io.jstap.codegen.Limits;
import io.jstap.codegen.ProgramListing;
import io.jstap.codegen.ScriptCompiler;
import io.jstap.kernel.KernelConfig;
import io.jstap.kernel.KernelFacts;
import io.jstap.kernel.KernelFactsException;
import io.jstap.kernel.Tracefs;
import io.jstap.kernel.TracefsCatalogue;
import io.jstap.runtime.MachineEnvironment;
import io.jstap.runtime.Session;
import io.jstap.runtime.TargetCommand;
import io.jstap.sema.CheckedScript;
import io.jstap.sema.ResolvedPrinter;
import io.jstap.sema.Semantics;
import io.jstap.sema.SyscallAliases;
import io.jstap.sema.Tapset;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import io.jstap.kernel.KernelRelease;
import io.jstap.lang.Diagnostics;
import io.jstap.lang.Frontend;
import io.jstap.lang.MacroLibrary;
import io.jstap.lang.PreprocessorContext;
import io.jstap.lang.ScriptPrinter;
import io.jstap.lang.Source;
import io.jstap.lang.TapsetPath;
import io.jstap.lang.ast.Script;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs a script's passes in order, stopping after {@code -p N}: one method per pass. Each
 * pass reports through {@link Diagnostics}; the exit code is 0, or 1 when the script has
 * errors.
 */
final class ScriptPasses {
  private final ScriptOptions options;
  private final PrintWriter out;
  private final PrintWriter err;
  private final InputStream stdin;
  private final OutputStream rawOut;
  private final OutputStream rawErr;
  private PreprocessorContext context;
  private MacroLibrary library;
  private Limits limits = Limits.DEFAULTS;
  private final Binaries binaries = new Binaries();
  private KernelFacts facts;

  /**
   * @param rawOut stdout as bytes when jstap runs as a process (traced output goes there
   *     directly), or null to write through {@code out} (in-process runs)
   */
  ScriptPasses(ScriptOptions options, PrintWriter out, PrintWriter err, InputStream stdin,
      OutputStream rawOut, OutputStream rawErr) {
    this.options = options;
    this.out = out;
    this.err = err;
    this.stdin = stdin;
    this.rawOut = rawOut;
    this.rawErr = rawErr;
  }

  int run() {
    try {
      return passes();
    } catch (KernelFactsException e) {
      err.println("jstap: " + e.getMessage());
      err.flush();
      return 1;
    } catch (BpfException e) {
      err.println("ERROR: " + e.getMessage());
      if (e.getMessage().contains("EPERM") || e.getMessage().contains("EACCES")) {
        err.println("hint: jstap needs root (or CAP_BPF, CAP_PERFMON and CAP_SYS_ADMIN) to load"
            + " BPF programs");
      }
      err.flush();
      return 1;
    }
  }

  private int passes() {
    Script script = parse();
    if (script == null) return 1;
    if (options.lastPass() == ScriptOptions.PARSE) {
      out.print(ScriptPrinter.print(script));
      out.flush();
      return 0;
    }
    CheckedScript checked = elaborate(script);
    if (checked == null) return 1;
    if (options.lastPass() == ScriptOptions.ELABORATE) {
      out.print(ResolvedPrinter.print(checked));
      out.flush();
      return 0;
    }
    CompiledScript compiled = translate(checked);
    if (compiled == null) return 1;
    if (options.lastPass() == ScriptOptions.TRANSLATE) {
      out.print(ProgramListing.print(compiled));
      out.flush();
      return 0;
    }
    if (options.lastPass() == ScriptOptions.MODULE) {
      err.println("jstap: pass 4 (writing a module) is not available yet");
      err.flush();
      return 1;
    }
    return runSession(compiled);
  }

  /** The running kernel's facts, read on first use (scripts of begin/end only never do). */
  private KernelFacts facts() {
    if (facts == null) {
      try {
        facts = KernelFacts.live(Features::asKernelFeatures,
            () -> new TracefsCatalogue(Tracefs.open()));
      } catch (IOException e) {
        throw new KernelFactsException("cannot read the kernel's facts: " + e.getMessage(), e);
      }
    }
    return facts;
  }

  /** Pass 2: tapsets, probe resolution, types. Null on errors. */
  CheckedScript elaborate(Script script) {
    long start = System.nanoTime();
    var diagnostics = new Diagnostics();
    var problems = new LinkedHashMap<String, String>();
    limits = Limits.withSettings(options.defines(), problems);
    for (String p : problems.values()) err.println("jstap: -D " + p);
    if (!problems.isEmpty()) {
      err.flush();
      return null;
    }
    var tapsets = Tapset.loadFor(script, context, library, options.includeDirs(), diagnostics);
    var env = new MachineEnvironment(this::facts, binaries);
    var globals = new java.util.HashSet<String>();
    for (var d : script.decls()) {
      if (d instanceof io.jstap.lang.ast.GlobalDecl g) g.variables().forEach(v -> globals.add(v.name()));
    }
    var syscalls = new SyscallAliases(env,
        s -> Frontend.parseTapset(s, context, library, diagnostics), Set.copyOf(globals));
    String process = null;
    if (options.command() != null) {
      String first = options.command().strip().split("\\s+")[0];
      process = env.resolveBinary(first, false).orElse(null);
    }
    var checked = Semantics.check(script,
        new Semantics.Inputs(tapsets, env, syscalls, process, options.guruMode()), diagnostics);
    err.print(diagnostics.render());
    if (options.verbosity() > 0) {
      err.printf("Pass 2: analyzed script: %d probe%s, %d function%s, %d global%s in %d ms.%n",
          checked.probes().size(), checked.probes().size() == 1 ? "" : "s",
          checked.functions().size(), checked.functions().size() == 1 ? "" : "s",
          checked.globals().size(), checked.globals().size() == 1 ? "" : "s",
          (System.nanoTime() - start) / 1_000_000);
    }
    err.flush();
    return diagnostics.hasErrors() ? null : checked;
  }

  /** Pass 3: BPF programs for the kernel probes. Null on errors. */
  CompiledScript translate(CheckedScript checked) {
    long start = System.nanoTime();
    var diagnostics = new Diagnostics();
    var compiler = new ScriptCompiler(checked, limits, diagnostics, this::facts, binaries);
    var compiled = compiler.compile();
    err.print(diagnostics.render());
    if (options.verbosity() > 0) {
      for (String note : compiler.notes()) err.println("Pass 3: " + note);
      int insns = compiled.programs().stream()
          .mapToInt(p -> p.spec().code().instructions().size()).sum();
      err.printf("Pass 3: translated to %d BPF program%s (%d instructions) in %d ms.%n",
          compiled.programs().size(), compiled.programs().size() == 1 ? "" : "s", insns,
          (System.nanoTime() - start) / 1_000_000);
    }
    err.flush();
    return diagnostics.hasErrors() ? null : compiled;
  }

  /** Pass 5: run it. */
  private int runSession(CompiledScript compiled) {
    long start = System.nanoTime();
    OutputStream stdout;
    try {
      stdout = options.outputFile() != null
          ? new java.io.FileOutputStream(options.outputFile().toFile())
          : rawOut != null ? rawOut : new WriterOutputStream(out);
    } catch (IOException e) {
      err.println("jstap: cannot write " + options.outputFile() + ": " + e.getMessage());
      err.flush();
      return 1;
    }
    OutputStream stderr = rawErr != null ? rawErr : new WriterOutputStream(err);
    TargetCommand command = null;
    if (options.command() != null) {
      try {
        command = TargetCommand.prepare(options.command());
      } catch (RuntimeException e) {
        err.println("jstap: " + e.getMessage());
        err.flush();
        return 1;
      }
    }
    var verbose = options.verbosity() > 0 ? (java.util.function.Consumer<String>) m -> {
      err.println("Pass 5: " + m + " (" + (System.nanoTime() - start) / 1_000_000 + " ms)");
      err.flush();
    } : null;
    long jiffy = 1_000_000_000L / Math.max(1, kernelHz());
    var session = new Session(compiled, new Session.Options(options.targetPid(), command,
        (long) (options.timeoutSeconds() * 1000), verbose, jiffy), stdout, stderr);
    Signals.onInterrupt(session::stop);
    try {
      return session.run();
    } finally {
      Signals.reset();
      try {
        if (options.outputFile() != null) stdout.close();
        else stdout.flush();
      } catch (IOException e) {
        err.println("jstap: " + e.getMessage());
      }
      out.flush();
      err.flush();
    }
  }

  private static int kernelHz() {
    return KernelConfig.running().option("CONFIG_HZ").map(v -> {
      try {
        return Integer.parseInt(v.strip());
      } catch (NumberFormatException e) {
        return 250;
      }
    }).orElse(250);
  }

  /** Pass 1: read the script and the macro files, preprocess and parse. Null on errors. */
  Script parse() {
    long start = System.nanoTime();
    Source source = readScript();
    if (source == null) return null;
    KernelRelease kernel = KernelRelease.running();
    context =
        new PreprocessorContext(
            kernel.release(), kernel.arch(), ScriptPasses::kernelConfig, options.arguments(),
            "bpf", "stapdev", PreprocessorContext.SYSTEMTAP_VERSION, options.guruMode());
    var diagnostics = new Diagnostics();
    List<Source> macroFiles = macroFiles(context);
    if (macroFiles == null) return null;
    library = MacroLibrary.load(macroFiles, context, diagnostics)
        .over(Tapset.macros(context, diagnostics));
    Script script = Frontend.parse(source, context, library, diagnostics);
    err.print(diagnostics.render());
    if (options.verbosity() > 0) {
      err.printf("Pass 1: parsed user script and %d macro file%s in %d ms.%n", macroFiles.size(),
          macroFiles.size() == 1 ? "" : "s", (System.nanoTime() - start) / 1_000_000);
    }
    err.flush();
    return diagnostics.hasErrors() ? null : script;
  }

  /**
   * A CONFIG_ option for {@code %( CONFIG_X == "y" %? ... %)}: its value, or null when it is
   * not set (SystemTap reads only the {@code CONFIG_X=value} lines). The config is read on
   * first use.
   */
  private static String kernelConfig(String name) {
    return KernelConfig.running().option(name).filter(v -> !v.equals("n")).orElse(null);
  }

  private Source readScript() {
    if (options.inlineScript() != null) return new Source("<input>", options.inlineScript());
    try {
      if (options.scriptFile().equals("-")) {
        return new Source("<stdin>", new String(stdin.readAllBytes(), StandardCharsets.UTF_8));
      }
      Path file = Path.of(options.scriptFile());
      return new Source(options.scriptFile(), new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      err.println("jstap: script file '" + options.scriptFile() + "' does not exist");
    } catch (IOException | RuntimeException e) {
      err.println("jstap: cannot read script '" + options.scriptFile() + "': " + e.getMessage());
    }
    err.flush();
    return null;
  }

  /**
   * The {@code .stpm} files under the include directories, in SystemTap's search order; a
   * file whose path below its include directory was seen already is skipped.
   */
  private List<Source> macroFiles(PreprocessorContext context) {
    var files = new ArrayList<Source>();
    var seen = new HashSet<String>();
    for (Path root : options.includeDirs()) {
      for (Path dir : TapsetPath.directories(List.of(root), context)) {
        if (!Files.isDirectory(dir)) continue;
        List<Path> found;
        try (Stream<Path> list = Files.list(dir)) {
          found = list.filter(p -> p.getFileName().toString().endsWith(".stpm"))
              .filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
          err.println("jstap: cannot list " + dir + ": " + e.getMessage());
          err.flush();
          return null;
        }
        for (Path p : found) {
          if (!seen.add(root.relativize(p).toString())) continue;
          try {
            files.add(new Source(p.toString(), new String(Files.readAllBytes(p), StandardCharsets.UTF_8)));
          } catch (IOException | RuntimeException e) {
            err.println("jstap: cannot read macro file " + p + ": " + e.getMessage());
            err.flush();
            return null;
          }
        }
      }
    }
    return files;
  }
}

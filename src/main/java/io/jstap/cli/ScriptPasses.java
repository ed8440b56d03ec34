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
import io.jstap.kernel.KernelRelease;
import io.jstap.kernel.Tracefs;
import io.jstap.kernel.TracefsCatalogue;
import io.jstap.lang.Diagnostic;
import io.jstap.lang.Diagnostics;
import io.jstap.lang.PreprocessorContext;
import io.jstap.lang.ScriptPrinter;
import io.jstap.lang.Source;
import io.jstap.lang.TapsetPath;
import io.jstap.lang.ast.Script;
import io.jstap.module.KernelIdentity;
import io.jstap.module.ModuleDescription;
import io.jstap.module.ScriptModule;
import io.jstap.module.ModuleException;
import io.jstap.module.ModuleFile;
import io.jstap.module.RecordingEnvironment;
import io.jstap.module.ScriptInputs;
import io.jstap.runtime.MachineEnvironment;
import io.jstap.sema.CheckedScript;
import io.jstap.sema.ResolvedPrinter;
import io.jstap.sema.Tapset;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs a script's passes in order, stopping after {@code -p N}: one method per pass. Each
 * pass reports through {@link Diagnostics}; the exit code is 0, or 1 when the script has
 * errors. Pass 4 writes a module ({@link ModuleFile}); {@code -k} keeps a folder with the
 * module and its listing; {@code -F} hands the module to a flight recorder.
 */
final class ScriptPasses {
  private final ScriptOptions options;
  private final PrintWriter out;
  private final PrintWriter err;
  private final InputStream stdin;
  private final OutputStream rawOut;
  private final OutputStream rawErr;
  private final long start = System.nanoTime();
  private Limits limits = Limits.DEFAULTS;
  private final Binaries binaries = new Binaries();
  private KernelFacts facts;

  // What passes 1 and 2 read, kept for the module.
  private Source scriptSource;
  private List<Source> macroSources;
  private List<Source> tapsetSources;
  private final Map<String, Optional<String>> configAnswers = new LinkedHashMap<>();
  private RecordingEnvironment environment;
  private String defaultProcess;
  private KernelRelease kernel;
  private ScriptFrontEnd.Parsed parsed;

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
    } catch (UncheckedIOException e) {
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
    } catch (RuntimeException | StackOverflowError e) {
      // A mistake in a script is always a diagnostic: anything else is a bug in jstap.
      err.println("jstap: internal error: " + e + "; please report it with the script"
          + (options.verbosity() > 0 ? "" : " (run with -v for the stack trace)"));
      if (options.verbosity() > 0) e.printStackTrace(err);
      err.flush();
      return 1;
    }
  }

  private int passes() {
    if (options.listPattern() != null) {
      return new ProbeListing(options, out, err, this::machine).run();
    }
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
      if (options.keepTemporary()) return keep(compiled, null) == null ? 1 : 0;
      return 0;
    }
    boolean needModule = options.lastPass() == ScriptOptions.MODULE || options.keepTemporary()
        || options.session().flightRecorder();
    if (!needModule) return new SessionRunner(options.session(), out, err, rawOut, rawErr)
        .run(compiled, start);
    ScriptModule module = module(compiled);
    if (module == null) return 1;
    if (options.keepTemporary() && keep(compiled, module) == null) return 1;
    if (options.lastPass() == ScriptOptions.MODULE) return writeModule(module);
    if (options.session().flightRecorder()) {
      return new FlightRecorder(options.session(), out, err).start(module, options.moduleName());
    }
    return new SessionRunner(options.session(), out, err, rawOut, rawErr).run(compiled, start);
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

  private MachineEnvironment machine() {
    return new MachineEnvironment(this::facts, binaries);
  }

  /** Pass 1: read the script and the macro files, preprocess and parse. Null on errors. */
  Script parse() {
    long passStart = System.nanoTime();
    scriptSource = readScript();
    if (scriptSource == null) return null;
    kernel = KernelRelease.running();
    PreprocessorContext context = ScriptFrontEnd.context(kernel.release(), kernel.arch(),
        this::kernelConfig, options.arguments(), options.guruMode());
    var diagnostics = new Diagnostics();
    macroSources = macroFiles(context);
    if (macroSources == null) return null;
    parsed = ScriptFrontEnd.parse(scriptSource, macroSources, context, diagnostics);
    report(diagnostics);
    if (options.verbosity() > 0) {
      err.printf("Pass 1: parsed user script and %d macro file%s in %d ms.%n", macroSources.size(),
          macroSources.size() == 1 ? "" : "s", (System.nanoTime() - passStart) / 1_000_000);
    }
    err.flush();
    return diagnostics.hasErrors() ? null : parsed.script();
  }

  /** Compiler diagnostics, without the warnings under {@code -w}. */
  private void report(Diagnostics diagnostics) {
    if (!options.noWarnings()) {
      err.print(diagnostics.render());
      return;
    }
    var text = new StringBuilder();
    for (Diagnostic d : diagnostics.all()) {
      if (d.isError()) Diagnostics.render(d, text);
    }
    err.print(text);
  }

  /**
   * A CONFIG_ option for {@code %( CONFIG_X == "y" %? ... %)}: its value, or null when it is
   * not set (SystemTap reads only the {@code CONFIG_X=value} lines). The config is read on
   * first use; each answer is kept for the module.
   */
  private String kernelConfig(String name) {
    return configAnswers.computeIfAbsent(name, n -> KernelConfig.running().option(n)
        .filter(v -> !v.equals("n"))).orElse(null);
  }

  /** Pass 2: tapsets, probe resolution, types. Null on errors. */
  CheckedScript elaborate(Script script) {
    long passStart = System.nanoTime();
    var diagnostics = new Diagnostics();
    var problems = new LinkedHashMap<String, String>();
    limits = Limits.withSettings(options.defines(), problems);
    for (String p : problems.values()) err.println("jstap: -D " + p);
    if (!problems.isEmpty()) {
      err.flush();
      return null;
    }
    // only the tapset files the script reaches are parsed, and kept in a module
    var reached = Tapset.reach(parsed.script(), Tapset.includeSources(options.includeDirs()),
        parsed.context(), parsed.library(), diagnostics);
    tapsetSources = reached.sources();
    environment = new RecordingEnvironment(machine());
    if (options.session().command() != null) {
      String first = options.session().command().strip().split("\\s+")[0];
      defaultProcess = environment.resolveBinary(first, false).orElse(null);
    }
    var checked = ScriptFrontEnd.check(parsed, reached.scripts(), environment, defaultProcess,
        options.guruMode(), diagnostics);
    report(diagnostics);
    if (options.verbosity() > 0) {
      err.printf("Pass 2: analyzed script: %d probe%s, %d function%s, %d global%s in %d ms.%n",
          checked.probes().size(), checked.probes().size() == 1 ? "" : "s",
          checked.functions().size(), checked.functions().size() == 1 ? "" : "s",
          checked.globals().size(), checked.globals().size() == 1 ? "" : "s",
          (System.nanoTime() - passStart) / 1_000_000);
    }
    err.flush();
    return diagnostics.hasErrors() ? null : checked;
  }

  /** Pass 3: BPF programs for the kernel probes. Null on errors. */
  CompiledScript translate(CheckedScript checked) {
    long passStart = System.nanoTime();
    var diagnostics = new Diagnostics();
    var compiler = new ScriptCompiler(checked, limits, diagnostics, this::facts, binaries);
    if (options.unoptimized()) compiler.keepUnreadStores();
    if (options.bufferMegabytes() > 0) compiler.ringBufferMegabytes(options.bufferMegabytes());
    var compiled = compiler.compile();
    report(diagnostics);
    if (options.verbosity() > 0) {
      for (String note : compiler.notes()) err.println("Pass 3: " + note);
      int insns = compiled.programs().stream()
          .mapToInt(p -> p.spec().code().instructions().size()).sum();
      err.printf("Pass 3: translated to %d BPF program%s (%d instructions) in %d ms.%n",
          compiled.programs().size(), compiled.programs().size() == 1 ? "" : "s", insns,
          (System.nanoTime() - passStart) / 1_000_000);
    }
    err.flush();
    return diagnostics.hasErrors() ? null : compiled;
  }

  /** Pass 4: the module of a compiled script. Null (reported) when it cannot be made. */
  private ScriptModule module(CompiledScript compiled) {
    long passStart = System.nanoTime();
    var inputs = new ScriptInputs(scriptSource, macroSources, tapsetSources, options.arguments(),
        options.defines(), options.guruMode(), kernel.release(), kernel.arch(), configAnswers,
        defaultProcess, environment.recording());
    try {
      ScriptModule module = ScriptModule.of(moduleName(), Main.versionText(), compiled, inputs,
          KernelIdentity.running());
      if (options.verbosity() > 0) {
        err.printf("Pass 4: made module %s (%d program%s) in %d ms.%n", module.name(),
            module.programs().size(), module.programs().size() == 1 ? "" : "s",
            (System.nanoTime() - passStart) / 1_000_000);
        err.flush();
      }
      return module;
    } catch (ModuleException e) {
      err.println("jstap: " + e.getMessage());
      err.flush();
      return null;
    }
  }

  /** {@code -m NAME}, or stap's way: a name derived from the script. */
  private String moduleName() {
    if (options.moduleName() != null) return options.moduleName();
    var text = scriptSource.text() + "\0" + String.join("\0", options.arguments());
    return "jstap_" + hex(text).substring(0, 12);
  }

  private static String hex(String text) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code -p4}: NAME.bo in the current folder; its name on stdout, as stap prints NAME.ko. */
  private int writeModule(ScriptModule module) {
    Path file = Path.of(module.name() + ModuleFile.EXTENSION);
    try {
      ModuleFile.write(module, file);
    } catch (IOException e) {
      err.println("jstap: cannot write " + file.toAbsolutePath() + ": " + e.getMessage());
      err.flush();
      return 1;
    }
    out.println(file);
    out.flush();
    return 0;
  }

  /**
   * {@code -k}: a temporary folder that stays, with the script, its BPF listing, the module
   * and a description of its metadata; the listing is printed from the module as written and
   * read back, so it shows the programs that run. Returns the folder, or null on failure.
   */
  private Path keep(CompiledScript compiled, ScriptModule module) {
    try {
      Path dir = Files.createTempDirectory("jstap");
      String name = module != null ? module.name() : moduleName();
      Files.writeString(dir.resolve("script.stp"), scriptSource.text());
      CompiledScript listed = compiled;
      if (module != null) {
        Path file = dir.resolve(name + ModuleFile.EXTENSION);
        ModuleFile.write(module, file);
        ScriptModule read = ModuleFile.read(file);
        listed = read.compiledScript(compiled.checked(), compiled.limits());
        Files.writeString(dir.resolve(name + ".meta.txt"), ModuleDescription.of(read));
      }
      Files.writeString(dir.resolve(name + ".bpf.txt"), ProgramListing.print(listed));
      err.println("Keeping temporary directory \"" + dir + "\"");
      err.flush();
      return dir;
    } catch (IOException e) {
      err.println("jstap: cannot keep the temporary folder: " + e.getMessage());
    } catch (ModuleException e) {
      err.println("jstap: the module just written does not read back: " + e.getMessage());
    }
    err.flush();
    return null;
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

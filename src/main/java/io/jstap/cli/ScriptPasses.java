package io.jstap.cli;

import io.jstap.kernel.KernelConfig;
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

  ScriptPasses(ScriptOptions options, PrintWriter out, PrintWriter err, InputStream stdin) {
    this.options = options;
    this.out = out;
    this.err = err;
    this.stdin = stdin;
  }

  int run() {
    Script script = parse();
    if (script == null) return 1;
    if (options.lastPass() == ScriptOptions.PARSE) {
      out.print(ScriptPrinter.print(script));
      out.flush();
      return 0;
    }
    err.println("jstap: pass " + options.lastPass() + " is not available yet; -p1 (parse and"
        + " print the script) is");
    return 1;
  }

  /** Pass 1: read the script and the macro files, preprocess and parse. Null on errors. */
  Script parse() {
    long start = System.nanoTime();
    Source source = readScript();
    if (source == null) return null;
    KernelRelease kernel = KernelRelease.running();
    var context =
        new PreprocessorContext(
            kernel.release(), kernel.arch(), ScriptPasses::kernelConfig, options.arguments(),
            "bpf", "stapdev", PreprocessorContext.SYSTEMTAP_VERSION, options.guruMode());
    var diagnostics = new Diagnostics();
    List<Source> macroFiles = macroFiles(context);
    if (macroFiles == null) return null;
    MacroLibrary library = MacroLibrary.load(macroFiles, context, diagnostics);
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

package io.jstap.lang;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The SystemTap scripts Debian's systemtap and systemtap-doc packages install: tapsets (for
 * every architecture and runtime) and examples, some gzipped. scripts/install-test-packages
 * installs them.
 */
final class Corpus {
  static final List<Path> ROOTS =
      List.of(Path.of("/usr/share/systemtap"), Path.of("/usr/share/doc/systemtap"),
          Path.of("/usr/share/doc/systemtap-doc"));

  static final Path TAPSET = Path.of("/usr/share/systemtap/tapset");

  private static final List<String> ARCHES =
      List.of("x86_64", "i386", "powerpc", "s390", "arm", "arm64", "ia64", "mips", "riscv");

  private Corpus() {}

  /**
   * One corpus file and how SystemTap would read it.
   *
   * @param arguments the script arguments its example test runs it with (from its .meta file)
   */
  record Entry(Path path, Source source, boolean tapset, boolean macroFile, String arch,
      String runtime, List<String> arguments) {
    String name() {
      return path.toString();
    }
  }

  static boolean isScript(Path p) {
    String n = p.getFileName().toString();
    return n.endsWith(".stp") || n.endsWith(".stpm") || n.endsWith(".stp.gz") || n.endsWith(".stpm.gz");
  }

  static List<Entry> entries() {
    var out = new ArrayList<Entry>();
    for (Path root : ROOTS) {
      if (!Files.isDirectory(root)) continue;
      try (Stream<Path> files = Files.walk(root)) {
        files.filter(Files::isRegularFile).filter(Corpus::isScript).sorted().forEach(p -> out.add(entry(p)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  static Entry entry(Path p) {
    String s = p.toString();
    boolean tapset = p.startsWith(TAPSET);
    boolean macro = s.endsWith(".stpm") || s.endsWith(".stpm.gz");
    String arch = "x86_64";
    for (Path part : p) {
      if (ARCHES.contains(part.toString())) arch = part.toString();
    }
    String runtime = s.contains("/tapset/bpf/") ? "bpf" : s.contains("/tapset/dyninst/") ? "dyninst" : "kernel";
    return new Entry(p, new Source(s, read(p)), tapset, macro, arch, runtime, exampleArguments(p));
  }

  /**
   * Arguments for examples whose .meta file gives none usable (no test line, or one computed
   * by the shell), as their comments describe them.
   */
  private static final Map<String, List<String>> DOCUMENTED_ARGUMENTS =
      Map.of(
          "hw_watch_addr.stp", List.of("0xffffffff82a3c2a0"),
          "pyexample.stp", List.of("python3"),
          "graphcall.stp", List.of("/bin/ls", "main"),
          "inode-watch.stp", List.of("8", "1", "1234"));

  /**
   * The arguments of the example's test command ({@code test_check:} or {@code
   * test_installcheck:} in its .meta file): the words after the script name, up to the first
   * option.
   */
  static List<String> exampleArguments(Path script) {
    String name = script.getFileName().toString();
    List<String> documented = DOCUMENTED_ARGUMENTS.get(name);
    if (documented != null) return documented;
    Path meta = script.resolveSibling(name.replaceFirst("\\.stp(\\.gz)?$", ".meta"));
    if (!Files.isRegularFile(meta)) return List.of();
    List<String> best = List.of();
    for (String line : read(meta).split("\n")) {
      if (!line.startsWith("test_check:") && !line.startsWith("test_installcheck:")) continue;
      List<String> words = shellWords(line.substring(line.indexOf(':') + 1));
      int at = words.indexOf(name);
      if (at < 0) continue;
      var args = new ArrayList<String>();
      for (String w : words.subList(at + 1, words.size())) {
        if (w.startsWith("-")) break;
        args.add(w);
      }
      if (args.size() > best.size()) best = args;
    }
    return best;
  }

  private static List<String> shellWords(String line) {
    var words = new ArrayList<String>();
    var word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) quote = 0;
        else word.append(c);
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) words.add(word.toString());
        word.setLength(0);
        inWord = false;
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) words.add(word.toString());
    return words;
  }

  static String read(Path p) {
    try (InputStream in = Files.newInputStream(p)) {
      InputStream body = p.toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
      return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The macro files SystemTap reads for a runtime: tapset/*.stpm and tapset/RUNTIME-DIR/*.stpm. */
  static List<Source> macroFiles(String runtime) {
    String dir = switch (runtime) {
      case "bpf" -> "bpf";
      case "dyninst" -> "dyninst";
      default -> "linux";
    };
    var out = new ArrayList<Source>();
    for (Path d : List.of(TAPSET.resolve(dir), TAPSET)) {
      if (!Files.isDirectory(d)) continue;
      try (Stream<Path> files = Files.list(d)) {
        files.filter(f -> f.toString().endsWith(".stpm")).sorted()
            .forEach(f -> out.add(new Source(f.toString(), read(f))));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /** A kernel configuration where every option is built in. */
  static final Function<String, String> ALL_YES = name -> "y";

  static PreprocessorContext context(Entry e, String kernelRelease, Function<String, String> config) {
    return new PreprocessorContext(kernelRelease, e.arch(), config,
        e.arguments(),
        e.runtime().equals("kernel") ? "kernel" : e.runtime(), "stapdev", "5.0", true);
  }

  private static final Map<String, MacroLibrary> LIBRARIES = new ConcurrentHashMap<>();

  /** The macro library for the entry's runtime under {@code context} (loaded once per context). */
  static MacroLibrary library(Entry e, PreprocessorContext context) {
    String key = e.runtime() + "/" + context.arch() + "/" + context.kernelRelease() + "/"
        + context.kernelConfig().apply("CONFIG_64BIT");
    return LIBRARIES.computeIfAbsent(key, k -> {
      var diagnostics = new Diagnostics();
      MacroLibrary lib = MacroLibrary.load(macroFiles(e.runtime()), context, diagnostics);
      if (diagnostics.hasErrors()) {
        throw new AssertionError("macro files do not load:\n" + diagnostics.render());
      }
      return lib;
    });
  }
}

package io.jstap.bench;

import io.jstap.lang.Diagnostics;
import io.jstap.lang.Frontend;
import io.jstap.lang.MacroLibrary;
import io.jstap.lang.PreprocessorContext;
import io.jstap.lang.ScriptPrinter;
import io.jstap.lang.Source;
import io.jstap.lang.ast.Script;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Pass 1 over every script Debian's systemtap and systemtap-doc packages install (tapsets for
 * every architecture and runtime, examples): preprocess and parse each, warm. The files are
 * read into memory and the macro libraries loaded once, before measuring.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FrontendBenchmark {
  private static final Path TAPSET = Path.of("/usr/share/systemtap/tapset");
  private static final List<Path> ROOTS =
      List.of(Path.of("/usr/share/systemtap"), Path.of("/usr/share/doc/systemtap"));
  private static final List<String> ARCHES =
      List.of("x86_64", "i386", "powerpc", "s390", "arm", "arm64", "ia64", "mips", "riscv");

  /** One script with what it is parsed against. */
  private record Job(Source source, PreprocessorContext context, MacroLibrary macros, boolean tapset) {}

  private final List<Job> jobs = new ArrayList<>();
  private long bytes;

  @Setup
  public void load() throws IOException {
    var libraries = new HashMap<String, MacroLibrary>();
    for (Path root : ROOTS) {
      if (!Files.isDirectory(root)) continue;
      List<Path> files;
      try (Stream<Path> walk = Files.walk(root)) {
        files = walk.filter(p -> p.toString().matches(".*\\.stp(\\.gz)?$")).sorted().toList();
      }
      for (Path p : files) {
        String runtime = p.toString().contains("/tapset/bpf/") ? "bpf"
            : p.toString().contains("/tapset/dyninst/") ? "dyninst" : "kernel";
        String arch = "x86_64";
        for (Path part : p) if (ARCHES.contains(part.toString())) arch = part.toString();
        var context = new PreprocessorContext("6.18.44-bench", arch, name -> "y", List.of(),
            runtime, "stapdev", PreprocessorContext.SYSTEMTAP_VERSION, true);
        MacroLibrary macros = libraries.computeIfAbsent(runtime + "/" + arch, k -> macros(context));
        String text = read(p);
        bytes += text.length();
        jobs.add(new Job(new Source(p.toString(), text), context, macros, p.startsWith(TAPSET)));
      }
    }
    if (jobs.size() < 700) {
      throw new IllegalStateException("SystemTap's scripts are not installed (found " + jobs.size()
          + "): apt-get install systemtap systemtap-doc");
    }
    System.out.printf("%n%d scripts, %d chars%n", jobs.size(), bytes);
  }

  private static MacroLibrary macros(PreprocessorContext context) {
    String dir = switch (context.runtime()) {
      case "bpf" -> "bpf";
      case "dyninst" -> "dyninst";
      default -> "linux";
    };
    var files = new ArrayList<Source>();
    for (Path d : List.of(TAPSET.resolve(dir), TAPSET)) {
      try (Stream<Path> list = Files.list(d)) {
        for (Path f : list.filter(f -> f.toString().endsWith(".stpm")).sorted().toList()) {
          files.add(new Source(f.toString(), read(f)));
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return MacroLibrary.load(files, context, new Diagnostics());
  }

  private static String read(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      InputStream body = p.toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
      return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Script parse(Job job, Diagnostics diagnostics) {
    return job.tapset()
        ? Frontend.parseTapset(job.source(), job.context(), job.macros(), diagnostics)
        : Frontend.parse(job.source(), job.context(), job.macros(), diagnostics);
  }

  /** Preprocess and parse every script. */
  @Benchmark
  public int parseCorpus() {
    int declarations = 0;
    for (Job job : jobs) {
      declarations += parse(job, new Diagnostics()).decls().size();
    }
    return declarations;
  }

  /** Parse every script and print it back ({@code -p1} without the I/O). */
  @Benchmark
  public long parseAndPrintCorpus() {
    long chars = 0;
    for (Job job : jobs) {
      chars += ScriptPrinter.print(parse(job, new Diagnostics())).length();
    }
    return chars;
  }
}

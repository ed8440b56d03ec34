package io.jstap.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.cli.CliRun;
import io.jstap.kernel.Tracefs;
import io.jstap.testing.CProgram;
import io.jstap.testing.FdLeakCheck;
import io.jstap.testing.KernelTest;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every script of src/test/resources/scripts/ on the running kernel as {@code jstap}
 * would, and compares its output and exit status with what its comments say ({@link
 * CorpusScript}). Scripts run in-process through the command line ({@link CliRun}), or as a
 * process of their own when they say {@code # process} (signals, the process's exit).
 */
@KernelTest
class ScriptCorpusKernelTest {
  @TempDir static Path work;
  private static Path workload;

  @BeforeAll
  static void compileWorkload() throws Exception {
    Path source = resources().resolve("workload.c");
    Files.copy(source, work.resolve("workload.c"));
    try {
      // Static: no dynamic loader opening libraries, so scripts see only the workload's calls.
      workload = CProgram.compile(work, "workload", Files.readString(source), "-O2", "-static");
    } catch (IOException e) {
      workload = CProgram.compile(work, "workload", Files.readString(source), "-O2");
    }
  }

  @TestFactory
  Stream<DynamicTest> corpus() throws IOException, URISyntaxException {
    try (Stream<Path> files = Files.list(resources())) {
      return files.filter(f -> f.toString().endsWith(".stp")).sorted()
          .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), f.toUri(),
              () -> check(CorpusScript.read(f))))
          .toList().stream();
    }
  }

  private static Path resources() throws URISyntaxException {
    return Path.of(ScriptCorpusKernelTest.class.getResource("/scripts").toURI());
  }

  /** What one run printed, with the script's path shown as its file name. */
  record Outcome(int exitCode, List<String> stdout, List<String> stderr, long millis) {}

  private static void check(CorpusScript script) throws Exception {
    for (String r : script.requirements()) assumeRequirement(r);
    var args = new ArrayList<String>(script.options());
    boolean safetyTimeout = !script.options().contains("-T") && !script.separateProcess();
    if (safetyTimeout) args.addAll(List.of("-T", Integer.toString(script.timeoutSeconds())));
    if (script.workload() != null) {
      args.addAll(List.of("-c", script.workload().replace("@workload", workload.toString())));
    }
    args.add(script.path().toString());
    args.addAll(script.arguments());
    Outcome outcome = script.separateProcess() ? runProcess(script, args) : runInProcess(script, args);
    String shown = "\n--- standard output\n" + String.join("\n", outcome.stdout())
        + "\n--- standard error\n" + String.join("\n", outcome.stderr());
    if (safetyTimeout) {
      assertThat(outcome.millis()).as(script.name() + " ran into its timeout of "
          + script.timeoutSeconds() + " s (it should end by itself)" + shown)
          .isLessThan(script.timeoutSeconds() * 1000L);
    }
    assertThat(matches(outcome.stdout(), script.stdout()))
        .as(script.name() + ": standard output should be\n" + lines(script.stdout()) + shown)
        .isTrue();
    assertThat(matches(outcome.stderr(), script.stderr()))
        .as(script.name() + ": standard error should be\n" + lines(script.stderr()) + shown)
        .isTrue();
    assertThat(outcome.exitCode()).as(script.name() + ": exit status" + shown)
        .isEqualTo(script.exitCode());
  }

  private static Outcome runInProcess(CorpusScript script, List<String> args) {
    var before = FdLeakCheck.snapshot();
    long start = System.nanoTime();
    CliRun run = CliRun.of(args.toArray(String[]::new));
    long millis = (System.nanoTime() - start) / 1_000_000;
    String leaks = FdLeakCheck.leaks(before, FdLeakCheck.snapshot());
    assertThat(leaks).as(script.name() + " left kernel objects open").isEmpty();
    return new Outcome(run.exitCode(), lines(run.out(), script), lines(run.err(), script), millis);
  }

  /**
   * Runs jstap as a process of its own. A script that expects SIGINT is started the way a
   * non-interactive shell starts a background job, ignoring SIGINT, which jstap must undo.
   */
  private static Outcome runProcess(CorpusScript script, List<String> args) throws Exception {
    var command = new ArrayList<String>();
    if ("INT".equals(script.signal())) {
      command.addAll(List.of("/bin/sh", "-c", "trap '' INT; exec \"$@\"", "sh"));
    }
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp",
        System.getProperty("java.class.path"), "io.jstap.cli.Main"));
    command.addAll(args);
    Path out = Files.createTempFile(work, "out", ".txt");
    Path err = Files.createTempFile(work, "err", ".txt");
    long start = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    long deadline = start + script.timeoutSeconds() * 1_000_000_000L;
    try {
      if (script.signal() != null) {
        while (!Files.readString(out).contains(script.signalAfter())) {
          if (!p.isAlive() || System.nanoTime() > deadline) {
            throw new AssertionError(script.name() + ": never printed '" + script.signalAfter()
                + "'\n" + Files.readString(out) + Files.readString(err));
          }
          Thread.sleep(10);
        }
        new ProcessBuilder("kill", "-" + script.signal(), Long.toString(p.pid())).start().waitFor();
      }
      long left = Math.max(1, deadline - System.nanoTime());
      if (!p.waitFor(left, TimeUnit.NANOSECONDS)) {
        throw new AssertionError(script.name() + " did not end within " + script.timeoutSeconds()
            + " s\n" + Files.readString(out) + Files.readString(err));
      }
    } finally {
      p.destroyForcibly();
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    return new Outcome(p.exitValue(), lines(Files.readString(out, StandardCharsets.UTF_8), script),
        lines(Files.readString(err, StandardCharsets.UTF_8), script), millis);
  }

  private static List<String> lines(String text, CorpusScript script) {
    String shown = text.replace(script.path().toString(), script.name());
    var lines = new ArrayList<>(List.of(shown.split("\n", -1)));
    if (lines.getLast().isEmpty()) lines.removeLast(); // what follows the last newline
    return lines;
  }

  private static String lines(List<CorpusScript.Expectation> expected) {
    var sb = new StringBuilder();
    for (var e : expected) sb.append(e).append('\n');
    return sb.toString();
  }

  private static boolean matches(List<String> actual, List<CorpusScript.Expectation> expected) {
    if (actual.size() != expected.size()) return false;
    for (int i = 0; i < actual.size(); i++) {
      if (!expected.get(i).matches(actual.get(i))) return false;
    }
    return true;
  }

  private static void assumeRequirement(String requirement) {
    String[] kv = requirement.split("\\s+", 2);
    String what = kv.length > 1 ? kv[1].strip() : "";
    switch (kv[0]) {
      case "tracepoint" -> {
        String[] se = what.split(":", 2);
        Assumptions.assumeTrue(Tracefs.open().exists(se[0], se[1]),
            "this kernel has no tracepoint " + what);
      }
      case "command" -> Assumptions.assumeTrue(onPath(what), "no " + what + " on the PATH");
      case "arch" -> Assumptions.assumeTrue(System.getProperty("os.arch").replace("amd64",
          "x86_64").equals(what), "the script is written for " + what);
      default -> throw new IllegalArgumentException("unknown requirement: " + requirement);
    }
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, command))) return true;
    }
    return false;
  }
}

package io.jstap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The options of scripts that need no BPF (begin, end and timer probes), in-process and as a
 * whole process, as a new user would try them.
 */
class OptionsTest {
  @TempDir Path dir;

  @Test
  void scriptFileArgumentsAndStdinAsAWholeProcess() throws Exception {
    Files.writeString(dir.resolve("hello.stp"), "probe begin { printf(\"%s %d\\n\", @1, $2) }\n");
    var run = JstapProcess.run(dir, "hello.stp", "world", "42");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("world 42\n");
    var inline = JstapProcess.run(dir, "-e", "probe begin { println(@1) }", "arg");
    assertThat(inline.out()).isEqualTo("arg\n");
    Process p = new ProcessBuilder(JstapProcess.command(null, "-")).directory(dir.toFile()).start();
    p.getOutputStream().write("probe begin { println(\"from stdin\") }".getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("from stdin\n");
    assertThat(p.waitFor()).isZero();
  }

  /** A script from stdin gets the warnings a script file gets; -w silences them. */
  @Test
  void warningsForScriptsFromStdin() {
    String script = "probe begin { y2 = 1; println(y3 + y2); exit() }";
    var run = CliRun.withInput(new java.io.ByteArrayInputStream(
        script.getBytes(StandardCharsets.UTF_8)), "-");
    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).contains("<stdin>:1:31: warning: never-assigned local variable 'y3'");
    var quiet = CliRun.withInput(new java.io.ByteArrayInputStream(
        script.getBytes(StandardCharsets.UTF_8)), "-w", "-");
    assertThat(quiet.err()).isEmpty();
  }

  @Test
  void verbosePassesHaveTimings() {
    var run = CliRun.of("-v", "-e", "probe begin { exit() }");
    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).containsPattern("Pass 1: parsed user script and 0 macro files in \\d+ ms")
        .containsPattern("Pass 2: analyzed script: 1 probe, 0 functions, 0 globals in \\d+ ms")
        .containsPattern("Pass 3: translated to 0 BPF programs \\(0 instructions\\) in \\d+ ms");
  }

  @Test
  void targetPidAndTimeout() throws Exception {
    String script = "probe begin { printf(\"target %d\\n\", target()) } probe timer.ms(50) { println(\"tick\") }"
        + " probe end { println(\"end\") }";
    long start = System.nanoTime();
    var run = CliRun.of("-x", "4242", "-T", "0.3", "-e", script);
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("target 4242\ntick\n").endsWith("tick\nend\n");
    assertThat(ms).isBetween(250L, 5000L);
    var process = JstapProcess.run(dir, "-x", "77", "-T", "0.2", "-e", script);
    assertThat(process.out()).startsWith("target 77\n").endsWith("end\n");
  }

  @Test
  void commandEndsTheSession() throws Exception {
    var run = JstapProcess.run(dir, "-c", "sleep 0.3", "-e",
        "probe begin { println(target() > 0) } probe end { println(\"end\") }");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("1\nend\n");
  }

  @Test
  void outputFileAndRotationInProcess() throws Exception {
    Path out = dir.resolve("out.txt");
    var run = CliRun.of("-o", out.toString(), "-e", "probe begin { println(\"to the file\") }");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(out).hasContent("to the file");
    // strftime conversions in the name, as staprun expands them
    int year = java.time.ZonedDateTime.now().getYear();
    var dated = CliRun.of("-o", dir.resolve("dated-%Y-%%.txt").toString(), "-e",
        "probe begin { println(\"dated\") }");
    assertThat(dated.exitCode()).as(dated.err()).isZero();
    assertThat(dir.resolve("dated-" + year + "-%.txt")).hasContent("dated");
    // 300,000 lines of 20 bytes from a begin probe: 6 MB rotated through 1 MB files, 4 kept.
    Path log = dir.resolve("log");
    var flood = CliRun.of("-DMAXACTION=10000000", "-o", log.toString(), "-S", "1,4", "-e",
        "probe begin { for (i = 0; i < 300000; i++) printf(\"line %014d\\n\", i) }");
    assertThat(flood.exitCode()).as(flood.err()).isZero();
    var kept = new java.util.ArrayList<String>();
    int first = -1;
    for (int n = 0; n < 20; n++) {
      Path f = dir.resolve("log." + n);
      if (!Files.exists(f)) continue;
      if (first < 0) first = n;
      kept.addAll(Files.readAllLines(f));
    }
    try (var files = Files.list(dir)) {
      assertThat(files.filter(f -> f.getFileName().toString().startsWith("log.")).count()).isEqualTo(4);
    }
    assertThat(first).isGreaterThan(0); // the oldest were removed, as staprun removes them
    int from = 300_000 - kept.size();
    for (int i = 0; i < kept.size(); i++) assertThat(kept.get(i)).isEqualTo(String.format("line %014d", from + i));
  }

  @Test
  void jsonRecordsForPrintsAndGlobals() throws Exception {
    String script = "global count, names, st probe begin { printf(\"a=%d\\n\", 1); print(\"no newline\");"
        + " count = 3; names[\"x\", 2] = \"y\"; st <<< 4; st <<< 6; exit() }";
    var run = CliRun.of("--format", "json", "-e", script);
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("""
        {"type":"printf","data":"a=1\\n"}
        {"type":"printf","data":"no newline"}
        {"type":"global","name":"count","data":3}
        {"type":"global","name":"names","data":[{"key":["x",2],"value":"y"}]}
        {"type":"global","name":"st","data":{"count":2,"sum":10,"min":4,"max":6,"avg":5}}
        """);
    var process = JstapProcess.run(dir, "--format=json", "-e", script);
    assertThat(process.out()).isEqualTo(run.out());
  }

  @Test
  void noWarningsHidesCompilerAndScriptWarnings() throws Exception {
    String script = "probe begin { retrun = 1; retrun; warn(\"careful\"); println(\"done\") }";
    var loud = CliRun.of("-e", script);
    assertThat(loud.err()).contains("warning:").contains("WARNING: careful");
    var quiet = CliRun.of("-w", "-e", script);
    assertThat(quiet.exitCode()).isZero();
    assertThat(quiet.out()).isEqualTo("done\n");
    assertThat(quiet.err()).isEmpty();
    var process = JstapProcess.run(dir, "-w", "-e", script);
    assertThat(process.err()).isEmpty();
    assertThat(process.out()).isEqualTo("done\n");
    // -w hides warnings, never errors
    assertThat(CliRun.of("-w", "-e", "probe begin { error(\"bad\") }").err()).contains("ERROR: bad");
  }

  @Test
  void guruModeAndEmbeddedC() {
    String script = "function f:long () %{ STAP_RETURN(1); %} probe begin { println(f()) }";
    var plain = CliRun.of("-e", script);
    assertThat(plain.exitCode()).isEqualTo(1);
    assertThat(plain.err()).contains("embedded C code is only allowed in guru mode")
        .contains("run with -g");
    var guru = CliRun.of("-g", "-e", script);
    assertThat(guru.exitCode()).isEqualTo(1);
    assertThat(guru.err()).contains("is written in embedded C: jstap runs scripts on eBPF and"
        + " cannot run embedded C").doesNotContain("only allowed in guru mode");
  }

  @Test
  void definesSetLimitsAndBadOnesAreReported() throws Exception {
    var run = CliRun.of("-D", "MAXSTRINGLEN=16", "-e",
        "probe begin { s = \"a long string cut at sixteen bytes\"; println(s) }");
    assertThat(run.out()).isEqualTo("a long string c\n");
    var bad = JstapProcess.run(dir, "-D", "MAXBOGUS=3", "-e", "probe begin {}");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).contains("jstap does not know the setting MAXBOGUS");
  }

  @Test
  void misuseAsAWholeProcessExitsTwo() throws Exception {
    var run = JstapProcess.run(dir, "-S", "3", "-e", "probe begin {}");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("jstap: -S rotates the output files: it needs -o FILE\n"
        + "Try 'jstap --help' for more information.\n");
    var runMisuse = JstapProcess.run(dir, "run", "-k", "x.bo");
    assertThat(runMisuse.exitCode()).isEqualTo(2);
  }

  @Test
  void keepWithoutAModuleKeepsTheScriptAndListing() throws Exception {
    var run = CliRun.of("-k", "-p3", "-m", "listing", "-e", "probe begin { exit() }");
    assertThat(run.exitCode()).isZero();
    var m = java.util.regex.Pattern.compile("Keeping temporary directory \"([^\"]+)\"").matcher(run.err());
    assertThat(m.find()).isTrue();
    Path folder = Path.of(m.group(1));
    try {
      assertThat(folder.resolve("listing.bpf.txt")).hasContent("# begin: runs in user space (interpreted)");
      assertThat(folder.resolve("listing.bo")).doesNotExist();
    } finally {
      for (Path f : Files.list(folder).toList()) Files.delete(f);
      Files.delete(folder);
    }
  }

  @Test
  void passesIncludesGuruAndKeepAsAWholeProcess() throws Exception {
    Path tapsets = Files.createDirectories(dir.resolve("tapsets"));
    Files.writeString(tapsets.resolve("twice.stp"), "function twice(x) { return 2 * x }\n");
    Files.writeString(tapsets.resolve("greeting.stpm"), "@define GREETING %( \"hello\" %)\n");
    String script = "probe begin { println(@GREETING, \" \", twice(21)) }";
    var p1 = JstapProcess.run(dir, "-p1", "-I", "tapsets", "-e", script);
    assertThat(p1.out()).isEqualTo("probe begin {\n  println(\"hello\", \" \", twice(21));\n}\n");
    var p2 = JstapProcess.run(dir, "-p2", "-I", "tapsets", "-e", script);
    assertThat(p2.out()).contains("# probes").contains("begin");
    var p3 = JstapProcess.run(dir, "-p3", "-I", "tapsets", "-e", script);
    assertThat(p3.out()).contains("runs in user space (interpreted)");
    var run = JstapProcess.run(dir, "-v", "-I", "tapsets", "-e", script);
    assertThat(run.out()).isEqualTo("hello 42\n");
    assertThat(run.err()).contains("Pass 1: parsed user script and 1 macro file in")
        .contains("Pass 2: analyzed script");
    var guru = JstapProcess.run(dir, "-g", "-e", "function f:long () %{ 1 %} probe begin { println(f()) }");
    assertThat(guru.exitCode()).isEqualTo(1);
    assertThat(guru.err()).contains("cannot run embedded C");
    var keep = JstapProcess.run(dir, "-k", "-m", "keepme", "-e", "probe begin { println(\"kept\") }");
    assertThat(keep.out()).isEqualTo("kept\n");
    var m = java.util.regex.Pattern.compile("Keeping temporary directory \"([^\"]+)\"").matcher(keep.err());
    assertThat(m.find()).isTrue();
    Path folder = Path.of(m.group(1));
    try {
      assertThat(folder.resolve("keepme.bo")).exists();
      assertThat(JstapProcess.run(dir, "run", folder.resolve("keepme.bo").toString()).out())
          .isEqualTo("kept\n");
    } finally {
      for (Path f : Files.list(folder).toList()) Files.delete(f);
      Files.delete(folder);
    }
  }

  @Test
  void aModuleKeepsItsTapsetsArgumentsAndSettings() throws Exception {
    Path build = Files.createDirectories(dir.resolve("build"));
    Path tapsets = Files.createDirectories(build.resolve("tapsets"));
    Files.writeString(tapsets.resolve("twice.stp"), "function twice(x) { return 2 * x }\n");
    Files.writeString(tapsets.resolve("greeting.stpm"), "@define GREETING %( \"hello\" %)\n");
    Files.writeString(build.resolve("s.stp"), "probe begin { s = sprintf(\"%s %s %d\", @GREETING,"
        + " @1, twice($2)); println(s) }\n");
    var p4 = JstapProcess.run(build, "-p4", "-m", "kept", "-I", "tapsets", "-D", "MAXSTRINGLEN=16",
        "s.stp", "wonderful-world", "21");
    assertThat(p4.exitCode()).as(p4.err()).isZero();
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Files.move(build.resolve("kept.bo"), elsewhere.resolve("kept.bo"));
    for (Path f : Files.list(tapsets).toList()) Files.delete(f);
    Files.delete(tapsets);
    var run = JstapProcess.run(elsewhere, "run", "kept.bo");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("hello wonderful\n"); // "hello wonderful-world 42", cut at MAXSTRINGLEN 16
  }

  @Test
  void stdinScriptInProcess() {
    var run = CliRun.withInput(new ByteArrayInputStream("probe begin { println(1+1) }"
        .getBytes(StandardCharsets.UTF_8)), "-");
    assertThat(run.out()).isEqualTo("2\n");
  }
}

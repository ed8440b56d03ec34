package io.jstap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.testing.KernelTest;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -F}: started, left running, read with {@code jstap attach}, stopped with {@code jstap
 * stop} or SIGTERM, with its output complete. Each test keeps its recorders in a folder of its
 * own ({@code -Djstap.recorders}).
 */
@KernelTest
class FlightRecorderTest {
  @TempDir Path recorders;
  @TempDir Path dir;

  static final String TICKS = """
      global n
      probe timer.ms(20) { n++; printf("tick %d\\n", n) }
      probe kernel.trace("syscalls:sys_enter_getppid") { if (pid() == -1) println("never") }
      probe end { printf("end after %d ticks\\n", n) }
      """;

  /** The lines must be tick 1, tick 2, ... tick N, then the end probe's line, nothing missing. */
  static void assertComplete(List<String> lines) {
    assertThat(lines).isNotEmpty();
    String last = lines.getLast();
    var m = Pattern.compile("end after (\\d+) ticks").matcher(last);
    assertThat(m.matches()).as(last).isTrue();
    int n = Integer.parseInt(m.group(1));
    assertThat(n).isGreaterThan(3);
    var expected = new ArrayList<String>();
    for (int i = 1; i <= n; i++) expected.add("tick " + i);
    assertThat(lines.subList(0, lines.size() - 1)).isEqualTo(expected);
  }

  private JstapProcess jstap(String... args) throws Exception {
    return JstapProcess.run(dir, recorders, args);
  }

  private long pidOf(String id) throws IOException {
    return Long.parseLong(Files.readString(recorders.resolve(id + ".pid")).strip());
  }

  private void awaitGone(long pid) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      assertThat(System.nanoTime()).as("recorder %d still running", pid).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void inMemoryRecorderIsAttachedToThenStoppedWithItsWholeOutput() throws Exception {
    Files.writeString(dir.resolve("ticks.stp"), TICKS);
    // -s sizes the memory buffer as it sizes the ring buffer (stap's -F -s)
    var start = jstap("-F", "-s", "2", "-m", "mem", "ticks.stp");
    assertThat(start.exitCode()).as(start.err()).isZero();
    assertThat(start.out()).contains("flight recorder mem is running in the background")
        .contains("jstap attach mem").contains("jstap stop mem")
        .contains("newest 2 MiB of its output in memory");
    long pid = pidOf("mem");
    assertThat(recorders.resolve("mem.sock")).exists();
    Thread.sleep(300);
    // Attach: what is in memory, then live output; the recorder keeps running after it.
    Process attach = new ProcessBuilder(JstapProcess.command(recorders, "attach", "mem"))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    var reader = new java.io.BufferedReader(new java.io.InputStreamReader(attach.getInputStream(),
        StandardCharsets.UTF_8));
    var seen = new ArrayList<String>();
    while (seen.size() < 30) seen.add(reader.readLine());
    attach.destroy();
    attach.waitFor();
    for (int i = 0; i < seen.size(); i++) assertThat(seen.get(i)).isEqualTo("tick " + (i + 1));
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
    // A second client, for the recorder's ID left out (it is the only one), follows to the end.
    Path followed = dir.resolve("followed.txt");
    Process follower = new ProcessBuilder(JstapProcess.command(recorders, "attach"))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(followed.toFile()).start();
    Thread.sleep(300);
    var stop = jstap("stop", "mem");
    assertThat(stop.exitCode()).as(stop.err()).isZero();
    assertComplete(stop.out().lines().toList());
    awaitGone(pid);
    assertThat(Files.list(recorders)).isEmpty();
    assertThat(follower.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(follower.exitValue()).isZero();
    assertComplete(Files.readAllLines(followed)); // what memory held, then everything live
  }

  @Test
  void sigtermEndsAMemoryRecorderWithoutWaitingForCollection() throws Exception {
    Files.writeString(dir.resolve("ticks.stp"), TICKS);
    assertThat(jstap("-F", "-m", "memterm", "ticks.stp").exitCode()).isZero();
    long pid = pidOf("memterm");
    Thread.sleep(300);
    new ProcessBuilder("kill", "-TERM", Long.toString(pid)).start().waitFor();
    awaitGone(pid);
    assertThat(Files.list(recorders)).isEmpty();
  }

  /** A test that failed half-way leaves no recorder running. */
  @AfterEach
  void killLeftRecorders() throws IOException {
    try (var files = Files.list(recorders)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
        ProcessHandle.of(Long.parseLong(Files.readString(f).strip()))
            .ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  @Test
  void fileRecorderWithRotationIsStoppedCleanly() throws Exception {
    Files.writeString(dir.resolve("ticks.stp"), TICKS);
    var start = jstap("-F", "-m", "files", "-o", "ticks.log", "-S", "1,10", "ticks.stp");
    assertThat(start.exitCode()).as(start.err()).isZero();
    assertThat(start.out()).contains("writing its output to " + dir.resolve("ticks.log") + ".0");
    long pid = pidOf("files");
    Thread.sleep(400);
    var stop = jstap("stop");
    assertThat(stop.exitCode()).as(stop.err()).isZero();
    assertThat(stop.err()).contains("the output is in " + dir.resolve("ticks.log"));
    awaitGone(pid);
    assertComplete(Files.readAllLines(dir.resolve("ticks.log.0")));
    assertThat(Files.list(recorders)).isEmpty();
  }

  @Test
  void sigtermStopsARecorderCleanly() throws Exception {
    Files.writeString(dir.resolve("ticks.stp"), TICKS);
    assertThat(jstap("-F", "-m", "term", "-o", "out.txt", "ticks.stp").exitCode()).isZero();
    long pid = pidOf("term");
    Thread.sleep(300);
    new ProcessBuilder("kill", "-TERM", Long.toString(pid)).start().waitFor();
    awaitGone(pid);
    assertComplete(Files.readAllLines(dir.resolve("out.txt")));
    assertThat(recorders.resolve("term.sock")).doesNotExist();
  }

  @Test
  void aRecorderWhoseScriptExitsKeepsItsOutputUntilCollected() throws Exception {
    var start = jstap("-F", "-m", "short", "-e",
        "global n probe timer.ms(10) { n++; printf(\"tick %d\\n\", n); if (n == 4) exit() }"
            + " probe end { printf(\"end after %d ticks\\n\", n) }");
    assertThat(start.exitCode()).as(start.err()).isZero();
    long pid = pidOf("short");
    Thread.sleep(500);
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
    var attach = jstap("attach", "short");
    assertThat(attach.err()).contains("session has ended");
    var stop = jstap("stop", "short");
    assertThat(stop.exitCode()).isZero();
    assertThat(stop.out()).isEqualTo("tick 1\ntick 2\ntick 3\ntick 4\nend after 4 ticks\n");
    awaitGone(pid);
  }

  @Test
  void whatAKilledRecorderLeftBehindIsCleanedUp() throws Exception {
    Files.writeString(dir.resolve("ticks.stp"), TICKS);
    assertThat(jstap("-F", "-m", "killed", "ticks.stp").exitCode()).isZero();
    long pid = pidOf("killed");
    new ProcessBuilder("kill", "-KILL", Long.toString(pid)).start().waitFor();
    awaitGone(pid);
    assertThat(recorders.resolve("killed.sock")).exists();
    var stop = jstap("stop");
    assertThat(stop.exitCode()).isEqualTo(1);
    assertThat(stop.err()).contains("no flight recorder is running");
    assertThat(recorders.resolve("killed.sock")).doesNotExist();
  }

  @Test
  void aRecorderThatCannotStartSaysWhy() throws Exception {
    var start = jstap("-F", "-e", "probe process(\"/no/such/binary\").function(\"x\") {}");
    assertThat(start.exitCode()).isEqualTo(1);
    assertThat(start.err()).contains("/no/such/binary");
    var none = jstap("stop", "nothing_here");
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.err()).contains("no flight recorder named nothing_here is running");
  }

  @Test
  void aCompiledModuleRunsAsARecorderInProcessToo() throws Exception {
    Files.writeString(dir.resolve("ticks.stp"), TICKS);
    assertThat(jstap("-p4", "-m", "fm", "ticks.stp").exitCode()).isZero();
    String old = System.getProperty("jstap.recorders");
    System.setProperty("jstap.recorders", recorders.toString());
    try {
      var start = CliRun.of("run", "-F", "-m", "inproc", "-o", dir.resolve("o.txt").toString(),
          dir.resolve("fm.bo").toString());
      assertThat(start.exitCode()).as(start.err()).isZero();
      long pid = pidOf("inproc");
      Thread.sleep(300);
      var stop = CliRun.of("stop", "inproc");
      assertThat(stop.exitCode()).as(stop.err()).isZero();
      awaitGone(pid);
      assertComplete(Files.readAllLines(dir.resolve("o.txt")));
    } finally {
      if (old == null) System.clearProperty("jstap.recorders");
      else System.setProperty("jstap.recorders", old);
    }
  }
}

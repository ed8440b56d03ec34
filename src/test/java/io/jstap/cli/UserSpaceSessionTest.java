package io.jstap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.testing.CProgram;
import io.jstap.testing.KernelTest;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole sessions on user programs, as a user runs them: {@code -c} (the command starts once
 * every probe is attached, and the session ends with it), {@code -x} and {@code target()},
 * {@code process(PID)}, process.begin/end, and the messages for probes that cannot be.
 */
@KernelTest
class UserSpaceSessionTest {
  static final String SOURCE = """
      #include <stdio.h>
      #include <stdlib.h>
      #include <unistd.h>
      __attribute__((noipa)) int tick(int i) { return i + 1; }
      int main(int argc, char **argv) {
        int n = argc > 1 ? atoi(argv[1]) : 1;
        int delay = argc > 2 ? atoi(argv[2]) : 0;
        for (int i = 0; i < n; i++) {
          tick(i);
          if (delay) usleep(delay);
        }
        return 0;
      }
      """;

  @TempDir static Path dir;
  static Path program;

  @BeforeAll
  static void build() throws Exception {
    program = CProgram.compile(dir, "ticker", SOURCE, "-O1");
  }

  /**
   * The command is stopped until every probe is attached: its very first instruction
   * (_start) and main are each seen exactly once, by the process target() names.
   */
  @Test
  void commandStartsAfterEveryProbeIsAttached() {
    var run = CliRun.of("-c", program + " 3", "-e", """
        global start, main, ticks, same
        probe process("PROG").function("_start") { start++ }
        probe process.function("main") { main++; same = pid() == target() }
        probe process("PROG").function("tick") { ticks++ }
        probe end { printf("_start %d main %d tick %d target %d\\n", start, main, ticks, same) }
        """.replace("PROG", program.toString()));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("_start 1 main 1 tick 3 target 1\n");
  }

  /** The session ends when the command does, with no -T or exit(). */
  @Test
  void sessionEndsWithTheCommand() {
    long started = System.nanoTime();
    var run = CliRun.of("-c", program + " 5 20000", "-e", """
        global n
        probe process("PROG").function("tick") { n++ }
        probe end { printf("%d\\n", n) }
        """.replace("PROG", program.toString()));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("5\n");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(10_000);
  }

  /**
   * -x sets target(): a script filtering on it counts the target's calls only, and
   * process(PID) attaches to that process only; another process running the same program
   * is left out of both.
   */
  @Test
  void targetFiltersAnotherProcessOut() throws Exception {
    Process target = new ProcessBuilder(program.toString(), "100000", "2000").start();
    Process other = new ProcessBuilder(program.toString(), "100000", "2000").start();
    try {
      var run = CliRun.of("-x", Long.toString(target.pid()), "-T", "1", "-e", """
          global mine, others, byPid
          probe process("PROG").function("tick") { if (pid() == target()) mine++; else others++ }
          probe process(TARGET_PID).function("tick") { if (pid() != target()) byPid++ }
          probe end { printf("%d %d %d\\n", mine > 10, others > 10, byPid) }
          """.replace("PROG", program.toString()).replace("TARGET_PID", Long.toString(target.pid())));
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).isEqualTo("1 1 0\n");
    } finally {
      target.destroy();
      other.destroy();
    }
  }

  /**
   * process("PROG").begin/.end fire for the command; jstap itself starts no process once the
   * probes are attached (it resumes the command with kill(2), not a kill command).
   */
  @Test
  void processBeginAndEndOfTheCommand() {
    long jstap = ProcessHandle.current().pid();
    var run = CliRun.of("-c", program + " 1", "-e", """
        probe process("PROG").begin {
          printf("begin %s %d %d %s\\n", execname(), pid() == target(), ppid() == JVM_PID,
              pexecname())
        }
        probe process("PROG").end { printf("end %s %d\\n", execname(), pid() == target()) }
        probe kernel.trace("sched:sched_process_exec") {
          if ($p->real_parent->tgid == JVM_PID) printf("exec %s\\n", execname())
        }
        """.replace("PROG", program.toString()).replace("JVM_PID", Long.toString(jstap)));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("begin ticker 1 1 java\nexec ticker\nend ticker 1\n");
  }

  /**
   * Symbols of a process that has exited before its records are printed (a -c command that
   * ends at once): its mappings were followed as it made them, so its functions and the
   * libraries' are still named, frame by frame where frame pointers allow.
   */
  @Test
  void symbolsOfAnExitedProcess() throws Exception {
    Path framed = CProgram.compile(dir, "framed", SOURCE, "-O0", "-fno-omit-frame-pointer");
    var run = CliRun.of("-c", framed + " 1 1", "-e", """
        probe process("PROG").function("tick") {
          printf("%s | %s\\n", usymname(uaddr()), usymdata(uaddr()))
          print_ubacktrace()
        }
        probe process("PROG").library("libc").function("usleep") {
          println(usymname(uaddr()))
          print_ubacktrace()
        }
        probe process("PROG").library("libc.so.6").function("exit") { println(usymname(uaddr())) }
        """.replace("PROG", framed.toString()));
    assertThat(run.exitCode()).as(run.err()).isZero();
    var lines = run.out().lines().toList();
    String main = " 0x[0-9a-f]{16} : main\\+0x[0-9a-f]+ \\[" + framed + "\\]";
    assertThat(lines.get(0)).isEqualTo("tick | tick+0x0 [" + framed + "]");
    assertThat(lines.get(1)).matches(" 0x[0-9a-f]{16} : tick\\+0x0 \\[" + framed + "\\]");
    assertThat(lines.get(2)).matches(main);
    // libc has no frame pointers: on entry to usleep the caller comes from the top of the stack
    int usleep = lines.indexOf("usleep");
    assertThat(lines.get(usleep + 1)).matches(" 0x[0-9a-f]{16} : usleep\\+0x0 \\[/\\S*libc.so.6\\]");
    assertThat(lines.get(usleep + 2)).matches(main);
    assertThat(lines.getLast()).isEqualTo("exit");
  }

  /**
   * A module (-p4) of library probes runs later as compiled: the library the program names is
   * recorded, and the programs stay sleepable (user strings in untouched pages).
   */
  @Test
  void aModuleOfUserSpaceProbesRunsAsCompiled(@TempDir Path work) throws Exception {
    Path greeter = CProgram.compile(dir, "greeter", """
        #include <stdio.h>
        int main(void) { puts("hello"); return 0; }
        """, "-O1");
    java.nio.file.Files.writeString(work.resolve("puts.stp"), """
        probe process("PROG").library("libc").function("puts") {
          printf("puts(%s)\\n", user_string(pointer_arg(1)))
        }
        """.replace("PROG", greeter.toString()));
    var build = JstapProcess.run(work, "-p4", "-m", "puts", "puts.stp");
    assertThat(build.exitCode()).as(build.err()).isZero();
    var run = JstapProcess.run(work, "run", "-c", greeter.toString(), "puts.bo");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).endsWith("puts(hello)\n");
  }

  @Test
  void missingFunctionsSayWhyAndWhatToProbe() throws Exception {
    Path exported = CProgram.compile(dir, "exported", SOURCE, "-O1", "-rdynamic");
    Path stripped = dir.resolve("stripped");
    CProgram.run("strip", "-o", stripped.toString(), exported.toString());
    var run = CliRun.of("-p2", "-e", "probe process(\"" + stripped + "\").function(\"tik\") {}");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("error: no function 'tik' in " + stripped)
        .contains("hint: did you mean \"tick\"?")
        .contains("hint: " + stripped + " is stripped: only the")
        .contains("functions it exports (.dynsym) have names; probe a static function at its"
            + " address with .statement(0xADDRESS)");
    run = CliRun.of("-p2", "-e", "probe process(\"" + program + "\").function(\"usleep\") {}");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("error: no function 'usleep' in " + program)
        .containsPattern("hint: " + program + " calls usleep from /\\S*/libc\\.so\\.6: probe it"
            + " there, process\\(\"" + program + "\"\\)\\.library\\(\"libc\\.so\\.6\"\\)"
            + "\\.function\\(\"usleep\"\\)");
    run = CliRun.of("-p2", "-e", "probe process(\"" + program + "\").library(\"libnothere\")"
        + ".function(\"f\") {}");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("error: no shared library 'libnothere' found for " + program);
  }

  @Test
  void libraryNamesResolveThroughTheProgram() {
    var run = CliRun.of("-p2", "-e", "probe process(\"" + program + "\").library(\"libc\")"
        + ".function(\"usleep\") {}");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).containsPattern("process\\(\"" + program
        + "\"\\)\\.library\\(\"/\\S*/libc\\.so\\.6\"\\)\\.function\\(\"usleep\"\\)");
  }
}

package io.jstap.tapset;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jstap's macro files and the tapset functions that run in user space (begin, end and timer
 * probes), through the command line: no kernel needed.
 */
class TapsetUserSpaceTest {

  private static String begin(String body) {
    var run = CliRun.of("-e", "probe begin { " + body + "; exit() }");
    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    return run.out();
  }

  /** SystemTap's names for open flags and directory descriptors, and modes in octal. */
  @Test
  void syscallArgumentsAsSystemTapShowsThem() {
    assertThat(begin("printf(\"%s|%s|%s|%s|%s|%s|%s\\n\", _dfd_str(-100), _dfd_str(3),"
        + " _sys_open_flag_str(0), _sys_open_flag_str(0x80000), _sys_open_flag_str(01101),"
        + " _sys_open_flag_str(2 | 010000 | 0x10000000), __octal_str(0644) . __octal_str(0))"))
        .isEqualTo("AT_FDCWD|3|O_RDONLY|O_RDONLY|O_CLOEXEC|O_WRONLY|O_CREAT|O_TRUNC"
            + "|O_RDWR|O_SYNC|0x10000000|06440\n");
  }

  /** The tapset's functions keep their locals to themselves: a script's globals stay as set. */
  @Test
  void tapsetFunctionsLeaveTheScriptsGlobalsAlone() {
    var run = CliRun.of("-e", "global n, s, name, text probe begin { n = 5; s = \"keep\";"
        + " x = _sys_open_flag_str(0x80000) . __octal_str(0644) . tokenize(\"a b\", \" \")"
        + " . _signal_name(9); printf(\"%d %s %s\\n\", n, s, x); exit() }");
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).isEqualTo("5 keep O_RDONLY|O_CLOEXEC0644aSIGKILL\n");
  }

  @Test
  void jstapsMacroFilesLoadForEveryScript() {
    var run = CliRun.of("-p1", "-e",
        "probe begin { x = @choose_defined($a, 2); y = @offsetof(\"task_struct\", pid) }");
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).contains("x = @defined($a) ? $a : 2;")
        .contains("y = &@cast(0, \"task_struct\", \"kernel\")->pid;");
  }

  @Test
  void aMacroOfAnIncludeFolderReplacesJstapsOwn(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("mine.stpm"), "@define choose_defined(a, b) %( 42 %)\n");
    var run = CliRun.of("-p1", "-I", dir.toString(), "-e",
        "probe begin { x = @choose_defined($a, 2) }");
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).contains("x = 42;");
  }

  @Test
  void choosesWhatUserSpaceProbesHave() {
    // begin has no context variables: @defined($x) is 0, and the other side is taken
    assertThat(begin("println(@choose_defined($nothing, 5))")).isEqualTo("5\n");
  }

  @Test
  void statisticsMacrosPrintAsTheEndOfARunDoes() {
    var run = CliRun.of("-e", "global s, a; probe begin { s <<< 1; s <<< 3; a[\"x\", 2] <<< 4;"
        + " @prints(s); @prints2(a); exit() }");
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).isEqualTo("@count=2 @min=1 @max=3 @sum=4 @avg=2\n"
        + "[x,2] @count=1 @min=4 @max=4 @sum=4 @avg=4\n");
  }

  @Test
  void tryAssignTakesTheCatchValueOnAnError() {
    assertThat(begin("@try_assign(v, 1 / 0, 7); @try_assign(w, 8 / 2, 9); println(v, \" \", w)"))
        .isEqualTo("7 4\n");
  }

  @Test
  void tokenizeSkipsEmptyTokens() {
    assertThat(begin("for (t = tokenize(\"  a,b;;c \", \" ,;\"); t != \"\";"
        + " t = tokenize(\"\", \" ,;\")) print(t, \"|\"); println(tokenize(\"\", \",\"))"))
        .isEqualTo("a|b|c|\n");
  }

  @Test
  void durationsAsText() {
    assertThat(begin("println(nsecs_to_string(61000000123), \" \", usecs_to_string(5), \" \","
        + " msecs_to_string(1500), \" \", cputime_to_msecs(3000000))"))
        .isEqualTo("1m1.000000123s 0m0.000005s 0m1.500s 3\n");
  }

  @Test
  void signalNames() {
    assertThat(begin("println(_signal_name(9), \" \", _signal_name(34), \" \", _signal_name(99),"
        + " \" \", signal_str(15))")).isEqualTo("SIGKILL SIGRTMIN+2 99 TERM\n");
  }

  @Test
  void deviceNumbers() {
    // st_dev 0x10301 (major 259, minor 1 in the huge encoding) is the kernel's (259 << 20) | 1
    assertThat(begin("printf(\"%d %d %d %d\\n\", MAJOR(MKDEV(259, 1)), MINOR(MKDEV(259, 1)),"
        + " usrdev2kerndev(0x10301) == MKDEV(259, 1), MKDEV(8, 1))"))
        .isEqualTo("259 1 1 8388609\n");
  }

  @Test
  void ansiSequences() {
    assertThat(begin("ansi_clear_screen(); ansi_set_color(31); ansi_set_color(32, 40, 1);"
        + " ansi_reset_color(); ansi_cursor_move(3, 4); ansi_new_line()"))
        .isEqualTo("\033[1;1H\033[J\033[31m\033[40;32;1m\033[0;0m\033[4;3H\n");
  }

  @Test
  void indentsByDepth() {
    var out = begin("print(indent(1), \"a\\n\", indent(1), \"b\\n\", indent(-1), \"c\\n\","
        + " indent(-1), \"d\\n\")");
    assertThat(out.lines().map(l -> l.replaceFirst("^ *\\d+ ", "")))
        .containsExactly(":a", ": b", ": c", ":d");
  }

  @Test
  void contextFunctionsWithoutAProbedContext() {
    assertThat(begin("println(user_mode(), registers_valid(), remote_id(), remote_uri(),"
        + " mem_page_size())")).isEqualTo("00-14096\n");
  }
}

package io.jstap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The stap command line: each option read as stap reads it, each misuse a usage error. */
class StapArgumentsTest {
  static ScriptOptions options(String... args) throws Exception {
    return ((StapArguments.Run) StapArguments.parse(args)).options();
  }

  @Test
  void everyOptionIsRead() throws Exception {
    var o = options("-vv", "-k", "-m", "mymod", "-w", "-u", "-g", "-p5", "-I", "/tmp", "-DMAXSTRINGLEN=256",
        "-x", "42", "-T", "1.5", "-o", "out.txt", "-S", "2,3", "--format", "json", "-s", "4", "-e",
        "probe begin {}", "a1");
    assertThat(o.verbosity()).isEqualTo(2);
    assertThat(o.keepTemporary()).isTrue();
    assertThat(o.moduleName()).isEqualTo("mymod");
    assertThat(o.noWarnings()).isTrue();
    assertThat(o.unoptimized()).isTrue();
    assertThat(o.guruMode()).isTrue();
    assertThat(o.lastPass()).isEqualTo(5);
    assertThat(o.includeDirs()).containsExactly(Path.of("/tmp"));
    assertThat(o.defines()).containsEntry("MAXSTRINGLEN", "256");
    assertThat(o.session().targetPid()).isEqualTo(42);
    assertThat(o.session().timeoutSeconds()).isEqualTo(1.5);
    assertThat(o.session().outputFile()).isEqualTo(Path.of("out.txt"));
    assertThat(o.session().rotation()).isEqualTo(new SessionSettings.Rotation(2L << 20, 3));
    assertThat(o.session().format()).isEqualTo(SessionSettings.OutputFormat.JSON);
    assertThat(o.inlineScript()).isEqualTo("probe begin {}");
    assertThat(o.arguments()).containsExactly("a1");
    assertThat(o.bufferMegabytes()).isEqualTo(4);
    assertThat(options("s.stp").bufferMegabytes()).isZero(); // the compiler's default
  }

  @Test
  void rotationCountIsOptionalAndFlightRecorderAndListingAreRead() throws Exception {
    assertThat(options("-o", "f", "-S", "5", "s.stp").session().rotation())
        .isEqualTo(new SessionSettings.Rotation(5L << 20, 0));
    assertThat(options("-F", "-o", "f", "s.stp").session().flightRecorder()).isTrue();
    assertThat(options("--format=text", "s.stp").session().format())
        .isEqualTo(SessionSettings.OutputFormat.TEXT);
    var l = options("-l", "syscall.*");
    assertThat(l.listPattern()).isEqualTo("syscall.*");
    assertThat(l.listVariables()).isFalse();
    assertThat(options("-L", "kernel.trace(\"sched:*\")").listVariables()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "-S 5 s.stp                 | -S rotates the output files: it needs -o FILE",
      "-o f -S 0 s.stp            | -S takes SIZE_MB or SIZE_MB,COUNT",
      "-o f -S 5,0 s.stp          | -S takes SIZE_MB or SIZE_MB,COUNT",
      "-o f -S x s.stp            | -S takes SIZE_MB or SIZE_MB,COUNT",
      "-F -c ls s.stp             | -F runs in the background and -c runs a command",
      "-F -p4 s.stp               | -F runs the script in the background: it does not go with -p4",
      "--format xml s.stp         | --format takes text or json, not 'xml'",
      "--format json -p3 s.stp    | --format shapes the output of a running script",
      "--format                   | --format needs a value",
      "--colour s.stp             | unknown option '--colour'",
      "-m bad-name s.stp          | -m bad-name: a module name is 1 to 55 letters",
      "-l a -e x                  | -l PROBE lists probe points: give it no script",
      "-L a s.stp                 | -L PROBE lists probe points: give it no script",
      "-l a -l b                  | give -l or -L once",
      "-x 1 -c ls s.stp           | -x and -c do not go together",
      "-p 7 s.stp                 | -p takes a number from 1 to 5",
      "-s 0 s.stp                 | -s takes a number from 1 to 1024, not '0'",
      "-s 2048 s.stp              | -s takes a number from 1 to 1024",
      "-s x s.stp                 | -s takes a number from 1 to 1024, not 'x'",
      "-T -1 s.stp                | -T takes seconds",
      "-k                         | no script given",
      "-I /no/such/dir s.stp      | -I /no/such/dir: no such directory",
      "-q s.stp                   | unknown option '-q'",
  })
  void misusesAreUsageErrors(String args, String message) {
    assertThatThrownBy(() -> StapArguments.parse(args.strip().split("\\s+")))
        .isInstanceOf(StapArguments.UsageException.class).hasMessageContaining(message.strip());
    var run = CliRun.of(args.strip().split("\\s+"));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(message.strip()).contains("Try 'jstap --help'");
  }

  @ParameterizedTest(name = "run {0}")
  @CsvSource(delimiter = '|', value = {
      "                           | run needs a module",
      "-p3 m.bo                   | run: unknown option '-p' (-p is for compiling a script)",
      "-S 5 m.bo                  | -S rotates the output files: it needs -o FILE",
      "-o f -S 1,x m.bo           | -S takes SIZE_MB or SIZE_MB,COUNT",
      "-x 0 m.bo                  | -x takes a pid",
      "-x 1 -c ls m.bo            | -x and -c do not go together",
      "-F -c ls m.bo              | -F runs in the background and -c runs a command",
      "--format yaml m.bo         | --format takes text or json",
      "a.bo b.bo                  | run takes one module",
      "-T soon m.bo               | -T takes seconds",
      "--colour m.bo              | unknown option '--colour'",
      "-m name m.bo               | -m names a flight recorder: it goes with -F",
  })
  void runMisusesAreUsageErrors(String args, String message) {
    String[] words = ("run " + (args == null ? "" : args)).strip().split("\\s+");
    var run = CliRun.of(words);
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(message.strip()).contains("Try 'jstap run --help'");
  }

  @Test
  void helpListsEveryOption() {
    var run = CliRun.of("--help");
    assertThat(run.exitCode()).isZero();
    for (StapOption o : StapOption.values()) assertThat(run.out()).contains(o.optionName());
    assertThat(run.out()).startsWith("Usage: jstap [OPTIONS]").contains("run, attach, stop");
    var help = CliRun.of("run", "--help");
    assertThat(help.exitCode()).isZero();
    for (StapOption o : ModuleRun.OPTIONS) assertThat(help.out()).contains(o.optionName());
    assertThat(help.out()).contains("MODULE").doesNotContain("--recorder");
  }
}

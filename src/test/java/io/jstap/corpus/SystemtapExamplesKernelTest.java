package io.jstap.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.cli.CliRun;
import io.jstap.testing.DebianPackage;
import io.jstap.testing.KernelTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * SystemTap's own example scripts (Debian's systemtap-doc) that need only tracepoints, timers,
 * begin/end and syscall probes, run briefly with a workload: each must exit 0, print nothing on
 * standard error, and print lines matching what the example prints on SystemTap. Which examples
 * run, and why the others do not: src/test/resources/systemtap-examples.md.
 */
@KernelTest
class SystemtapExamplesKernelTest {
  private static final List<Path> ROOTS = List.of(Path.of("/usr/share/systemtap/examples"),
      Path.of("/usr/share/doc/systemtap/examples"));

  /** Keeps the disk busy with direct (uncached) writes, so that block tracepoints fire. */
  private static final String BLOCK_IO = "sh -c 'for i in 1 2 3 4 5 6 7 8 9 10; do"
      + " dd if=/dev/zero of=%s bs=64k count=4 oflag=direct 2>/dev/null; sync; sleep 0.1;"
      + " done'";

  /**
   * One example: its path under the examples folder, jstap's options ({dir}: the example's
   * folder), the workload given to -c (null: none; %s: a scratch file), its arguments, and
   * regular expressions that lines of its output must match, in order.
   */
  record Example(String path, List<String> options, String workload, List<String> arguments,
      List<String> expected) {}

  private static final List<Example> EXAMPLES = List.of(
      new Example("network/dropwatch.stp", List.of("-T", "20"),
          "bash -c 'for i in $(seq 1 60); do echo x > /dev/udp/127.0.0.1/9; sleep 0.1; done'",
          List.of(), List.of("Monitoring for dropped packets",
              "\\d+ packets dropped at [A-Za-z_][A-Za-z0-9_.]*",
              "Stopping dropped packet monitor")),
      new Example("general/alias_suffixes.stp", List.of("-T", "20"),
          "sh -c 'for i in 1 2 3 4 5; do cat /etc/passwd /etc/hostname > /dev/null; done'",
          List.of(), List.of("Collecting data\\.\\.\\. press Ctrl-C to stop\\.",
              "intervals for \\w+ -- min:\\d+us avg:\\d+us max:\\d+us count:\\d+ variance:\\d+",
              "\\s*value \\|-+ count")),
      new Example("io/iostats.stp", List.of("-T", "20"),
          "sh -c 'for i in 1 2 3 4 5; do cat /etc/passwd > /dev/null; done'", List.of(),
          List.of("starting probe", "\\s+name\\s+open\\s+read\\s+KB tot\\s+B avg\\s+write\\s+KB tot\\s+B avg",
              "\\s+cat\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+")),
      new Example("lwtools/biolatency-nd.stp", List.of("-T", "20"), BLOCK_IO, List.of("1", "1"),
          List.of("Tracing block I/O\\.\\.\\. Output every 1 secs\\.", "bio latency \\(ns\\):",
              "\\s*value \\|-+ count")),
      new Example("lwtools/bitesize-nd.stp", List.of("-T", "20"), BLOCK_IO, List.of(),
          List.of("Tracing block I/O\\.\\.\\. Hit Ctrl-C to end\\.", "I/O size \\(bytes\\):",
              "process name: \\S+", "\\s*value \\|-+ count")),
      new Example("memory/mmfilepage.stp", List.of("-T", "20"), BLOCK_IO, List.of(),
          List.of("Starting data collection", "Terminating data collection",
              "Command\\s+Pid\\s+Alloc\\s+Free\\s+F_fault\\s+F_cow\\s+F_kunmap\\s+F_uunmap",
              "\\S.*\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+")),
      new Example("memory/mmreclaim.stp", List.of("-T", "2"), null, List.of(),
          List.of("Starting data collection", "Terminating data collection",
              "Command\\s+Pid\\s+Direct\\s+Cgroup\\s+Inactive\\s+SoftLimit",
              "Totals\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+")),
      new Example("process/sched-latency.stp", List.of("-T", "7"), null, List.of(),
          List.of("pid:\\d+ prio:\\d+", "\\s*value \\|-+ count")),
      new Example("process/wait4time.stp", List.of("-T", "20"),
          "sh -c 'sleep 0.1; true'", List.of(),
          List.of("\\d+ \\d+ \\(sh\\) wait4: 1\\d{5} -?\\d+")),
      new Example("lwtools/rwtime-nd.stp", List.of("-T", "20"),
          "dd if=/dev/zero of=/dev/null bs=1 count=2000 status=none", List.of(),
          List.of("Tracing read/write syscalls\\.\\.\\. Hit Ctrl-C to end\\.",
              "syscall read latency \\(ns\\):", "\\s*value \\|-+ count",
              "syscall write latency \\(ns\\):", "\\s*value \\|-+ count")),
      new Example("io/iotime.stp", List.of("-T", "20"),
          "sh -c 'cat /etc/passwd > /dev/null'", List.of(),
          List.of("\\d+ \\d+ \\(cat\\) access \"/etc/passwd\" read: \\d+ write: 0",
              "\\d+ \\d+ \\(cat\\) iotime \"/etc/passwd\" time: \\d+")),
      new Example("process/thread-business.stp", List.of("-T", "6"), null, List.of(),
          List.of("\\s+execname\\s+tid count recent syscalls\\s*",
              "\\s*\\S.*\\s\\d+\\s+\\d+ [a-z_0-9]+( [a-z_0-9]*)*")),
      new Example("process/sleeptime.stp", List.of("-T", "20"),
          "sh -c 'sleep 0.05; sleep 0.05'", List.of(),
          List.of("\\d+ \\d+ \\(sleep\\) \\w*nanosleep: \\d+")),
      new Example("profiling/ioctl_handler.stp", List.of("-T", "20"),
          "sh -c 'for i in 1 2 3; do stty -F /dev/ptmx > /dev/null 2>&1; done'", List.of(),
          List.of("Per execname ioctl information", "stty \\d+",
              "  [A-Za-z_][A-Za-z0-9_.]*\\+0x[0-9a-f]+/0x[0-9a-f]+ \\[kernel\\] \\d+")),
      new Example("process/cycle_thief.stp", List.of("-T", "20"),
          "sh -c 'for i in 1 2 3 4 5; do cat /etc/passwd > /dev/null; sleep 0.1; done'",
          List.of(), List.of("task \\d+ migrated: \\d+", "task \\d+ on processor \\(us\\):",
              "\\s*value \\|-+ count", "task \\d+ off processor \\(us\\)")),
      new Example("process/syscalls_by_proc.stp", List.of("-T", "20"),
          "sh -c 'cat /etc/passwd > /dev/null'", List.of(),
          List.of("Collecting data\\.\\.\\. Type Ctrl-C to exit and display results",
              "#SysCalls\\s+Process Name", "\\d+\\s+cat")),
      new Example("process/syscalls_by_pid.stp", List.of("-T", "2"), null, List.of(),
          List.of("Collecting data\\.\\.\\. Type Ctrl-C to exit and display results",
              "#SysCalls\\s+PID", "\\d+\\s+\\d+")),
      new Example("lwtools/syscallbypid-nd.stp", List.of("-T", "20"),
          "sh -c 'mkdir -p /tmp/jstap-example-dir'", List.of(),
          List.of("Tracing syscall completions\\.\\.\\. Hit Ctrl-C to end\\.",
              "PID\\s+CMD\\s+SYSCALL\\s+COUNT", "\\d+\\s+mkdir\\s+mkdir\\s+\\d+")),
      new Example("general/ansi_colors.stp", List.of(), null, List.of(),
          List.of("fg,t \\\\ bg \\|\\s+40\\s+41.*", ".*\u001b\\[40;30m Normal .*")),
      new Example("stapgames/lifegame.stp", List.of("-T", "1"), null, List.of(),
          List.of(".*\u001b\\[\\d+;\\d+Ho.*")),
      new Example("tutorial/hello-world.stp", List.of(), null, List.of(),
          List.of("hello world")),
      new Example("tutorial/probe-alias.stp", List.of("-T", "20"),
          "sh -c 'cat /etc/passwd > /dev/null'", List.of(), List.of("\\S+/io: \\d+")),
      new Example("tutorial/tapset-time-user.stp", List.of("-I", "{dir}/tapset"), null,
          List.of(), List.of("\\d+ cycles")),
      new Example("tutorial/timer-jiffies.stp", List.of(), null, List.of(),
          List.of("jiffies:ms ratio \\d+:12\\d => CONFIG_HZ=\\d+")));

  @TempDir static Path work;

  @TestFactory
  Stream<DynamicTest> examples() {
    return EXAMPLES.stream().map(e -> DynamicTest.dynamicTest(e.path(), () -> run(e)));
  }

  private static void run(Example e) throws IOException {
    Path script = find(e.path());
    var args = new ArrayList<String>();
    for (String o : e.options()) args.add(o.replace("{dir}", script.getParent().toString()));
    if (e.workload() != null) {
      args.addAll(List.of("-c", e.workload().formatted(work.resolve("blocks").toString())));
    }
    args.add(script.toString());
    args.addAll(e.arguments());
    CliRun run = CliRun.of(args.toArray(String[]::new));
    String shown = "\n--- standard output\n" + run.out() + "--- standard error\n" + run.err();
    assertThat(run.exitCode()).as(e.path() + ": exit status" + shown).isZero();
    assertThat(run.err()).as(e.path() + ": standard error" + shown).isEmpty();
    List<String> lines = run.out().lines().toList();
    int at = 0;
    for (String regex : e.expected()) {
      while (at < lines.size() && !lines.get(at).matches(regex)) at++;
      assertThat(at).as(e.path() + ": no line matching /" + regex + "/ (in order)" + shown)
          .isLessThan(lines.size());
      at++;
    }
  }

  /** The example, from either place Debian puts them; a gzipped one is unpacked first. */
  private static Path find(String relative) throws IOException {
    DebianPackage.require("systemtap-doc", "/usr/share/systemtap/examples/README");
    for (Path root : ROOTS) {
      Path plain = root.resolve(relative);
      if (Files.exists(plain)) return plain;
      Path gz = root.resolve(relative + ".gz");
      if (Files.exists(gz)) {
        Path out = work.resolve(relative);
        Files.createDirectories(out.getParent());
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
          Files.copy(in, out);
        }
        return out;
      }
    }
    throw new AssertionError(relative + " is in neither " + ROOTS);
  }
}

package io.jstap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.module.KernelIdentity;
import io.jstap.module.ScriptModule;
import io.jstap.module.ModuleFile;
import io.jstap.testing.CProgram;
import io.jstap.testing.Command;
import io.jstap.testing.KernelTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modules as a user makes and runs them: {@code jstap -p4 -m NAME} in one folder, {@code jstap
 * run NAME.bo} from another folder and another process; {@code -k}; refusals.
 */
@KernelTest
class ModuleCommandTest {
  @TempDir static Path shared;
  static Path closer;

  static final String CLOSES = """
      probe kernel.trace("syscalls:sys_enter_close") {
        if (pid() == target() && $fd >= 1000000) printf("close %d\\n", $fd)
      }
      """;

  @BeforeAll
  static void compileCloser() throws Exception {
    // Closes fds 1000000, 1000001, ... (all EBADF): one event per call, each with its number.
    closer = CProgram.compile(shared, "closer", """
        #include <stdlib.h>
        #include <unistd.h>
        int main(int argc, char **argv) {
          int n = atoi(argv[1]);
          for (int i = 0; i < n; i++) close(1000000 + i);
          return 0;
        }
        """);
  }

  static List<String> closes(int n) {
    var lines = new ArrayList<String>();
    for (int i = 0; i < n; i++) lines.add("close " + (1000000 + i));
    return lines;
  }

  @Test
  void aModuleBuiltInOneFolderRunsFromAnotherFolderAndProcess(@TempDir Path a, @TempDir Path b)
      throws Exception {
    Files.writeString(a.resolve("closes.stp"), CLOSES);
    var build = JstapProcess.run(a, "-p4", "-m", "closes", "closes.stp");
    assertThat(build.err()).isEmpty();
    assertThat(build.exitCode()).isZero();
    assertThat(build.out()).isEqualTo("closes.bo\n");
    Path moved = Files.move(a.resolve("closes.bo"), b.resolve("closes.bo"));
    Files.delete(a.resolve("closes.stp")); // the module needs no script
    var run = JstapProcess.run(b, "run", "-v", "-c", closer + " 5", "closes.bo");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines().toList()).isEqualTo(closes(5));
    assertThat(run.err()).contains("Run: read module closes (1 program")
        .contains("the module fits this kernel").containsPattern("Pass 5: attached 1 probe\\(s\\) \\(\\d+ ms\\)");
    assertThat(moved).exists();
  }

  @Test
  void rotationUnderAFloodKeepsEveryLineExactlyOnce(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("closes.stp"), CLOSES);
    assertThat(JstapProcess.run(dir, "-p4", "-m", "flood", "closes.stp").exitCode()).isZero();
    int n = 300_000; // 4.2 MB of output: five files of 1 MB
    var run = JstapProcess.run(dir, "run", "-o", "trace.log", "-S", "1", "-c", closer + " " + n,
        "flood.bo");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).doesNotContain("lost");
    var lines = new ArrayList<String>();
    int files = 0;
    for (int i = 0; Files.exists(dir.resolve("trace.log." + i)); i++, files++) {
      Path f = dir.resolve("trace.log." + i);
      assertThat(Files.size(f)).isLessThanOrEqualTo(1 << 20);
      String text = Files.readString(f);
      assertThat(text).endsWith("\n");
      lines.addAll(text.lines().toList());
    }
    assertThat(files).isGreaterThanOrEqualTo(5);
    assertThat(lines).isEqualTo(closes(n));
    assertThat(dir.resolve("trace.log")).doesNotExist();
  }

  @Test
  void aModuleWithAFlippedByteIsRefusedAsDamaged(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("closes.stp"), CLOSES);
    assertThat(JstapProcess.run(dir, "-p4", "-m", "flip", "closes.stp").exitCode()).isZero();
    Path module = dir.resolve("flip.bo");
    byte[] bytes = Files.readAllBytes(module);
    for (int at : new int[] {100, bytes.length / 2, bytes.length - 100}) {
      byte[] bad = bytes.clone();
      bad[at] ^= 0x10;
      Files.write(dir.resolve("bad.bo"), bad);
      var run = JstapProcess.run(dir, "run", "bad.bo");
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err()).startsWith("jstap: bad.bo is").contains("damaged")
          .doesNotContain("Exception").doesNotContain("\tat ");
    }
  }

  @Test
  void aModuleForAnotherKernelIsRefusedNamingBothKernels(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("closes.stp"), CLOSES);
    assertThat(JstapProcess.run(dir, "-p4", "-m", "other", "closes.stp").exitCode()).isZero();
    ScriptModule m = ModuleFile.read(dir.resolve("other.bo"));
    var elsewhere = new KernelIdentity("5.10.0-other", m.kernel().machine(), "1:crc32c:00000000");
    ModuleFile.write(new ScriptModule(m.name(), m.jstapVersion(), elsewhere, m.inputs(),
        m.storageLayout(), m.limits(), m.programs(), m.records(), m.maps(), m.mapContents(),
        m.frozenMaps(), m.binaries()), dir.resolve("other.bo"));
    var run = JstapProcess.run(dir, "run", "other.bo");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("does not fit this machine").contains("5.10.0-other")
        .contains(KernelIdentity.running().release()).contains("hint: compile the script again");
  }

  @Test
  void aUprobeModuleIsRefusedWhenItsBinaryChanged(@TempDir Path dir) throws Exception {
    Path prog = Files.copy(closer, dir.resolve("prog"));
    Files.writeString(dir.resolve("u.stp"),
        "probe process(\"" + prog + "\").function(\"main\") { println(\"main\") }\n");
    var build = JstapProcess.run(dir, "-p4", "-m", "u", "u.stp");
    assertThat(build.exitCode()).as(build.err()).isZero();
    var run = JstapProcess.run(dir, "run", "-c", prog + " 1", "u.bo");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("main\n");
    CProgram.compile(dir, "prog", "int main(void) { return 1 + 1 - 2; }", "-O0");
    var refused = JstapProcess.run(dir, "run", "u.bo");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains(prog.toString()).contains("not the file the module was"
        + " compiled against");
  }

  @Test
  void keepShowsTheProgramsThatRun(@TempDir Path dir) throws Exception {
    var listing = CliRun.of("-p3", "-e", CLOSES);
    assertThat(listing.exitCode()).isZero();
    var kept = CliRun.of("-k", "-m", "kept", "-c", closer + " 2", "-e", CLOSES);
    assertThat(kept.exitCode()).as(kept.err()).isZero();
    assertThat(kept.out()).isEqualTo("close 1000000\nclose 1000001\n");
    var m = java.util.regex.Pattern.compile("Keeping temporary directory \"([^\"]+)\"")
        .matcher(kept.err());
    assertThat(m.find()).as(kept.err()).isTrue();
    Path folder = Path.of(m.group(1));
    try {
      assertThat(folder.resolve("kept.bo")).exists();
      assertThat(folder.resolve("script.stp")).hasContent(CLOSES);
      // The listing kept was printed from the module as written and read back.
      assertThat(Files.readString(folder.resolve("kept.bpf.txt"))).isEqualTo(listing.out());
      assertThat(Files.readString(folder.resolve("kept.meta.txt")))
          .contains("module kept").contains("raw_tracepoint/sys_enter")
          .contains("kernel " + KernelIdentity.running().release());
      // The kept module runs, from another process.
      var run = JstapProcess.run(dir, "run", "-c", closer + " 1", folder.resolve("kept.bo").toString());
      assertThat(run.out()).isEqualTo("close 1000000\n");
      // llvm-objdump shows as many instructions as the listing.
      if (Files.isExecutable(Path.of("/usr/bin/llvm-objdump"))) {
        long slots = listing.out().lines().filter(l -> l.matches("\\d+: \\(.*")).count();
        String objdump = Command.output("llvm-objdump", "-d", folder.resolve("kept.bo").toString());
        long decoded = objdump.lines().filter(l -> l.matches("\\s+\\d+:\\s.*")).count();
        assertThat(decoded).isEqualTo(slots);
      }
    } finally {
      try (Stream<Path> files = Files.list(folder)) {
        for (Path f : files.toList()) Files.delete(f);
      }
      Files.delete(folder);
    }
  }

  @Test
  void passFourInProcessWritesTheModuleInTheCurrentFolder() throws Exception {
    Path module = Path.of("jstap_inprocess_test.bo");
    try {
      var run = CliRun.of("-p4", "-m", "jstap_inprocess_test", "-e", "probe begin { println(\"hi\") }");
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).isEqualTo("jstap_inprocess_test.bo\n");
      assertThat(module).exists();
      var again = CliRun.of("run", module.toString());
      assertThat(again.exitCode()).as(again.err()).isZero();
      assertThat(again.out()).isEqualTo("hi\n");
    } finally {
      Files.deleteIfExists(module);
    }
  }

  @Test
  void aModuleRunsWithTheSessionOptions(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("s.stp"), """
        global n
        probe kernel.trace("syscalls:sys_enter_close") { if (pid() == target() && $fd >= 1000000) n++ }
        probe timer.ms(100) { warn("tick") }
        probe end { printf("%d closes, target %d\\n", n, target()) }
        """);
    assertThat(JstapProcess.run(dir, "-p4", "-m", "opts", "s.stp").exitCode()).isZero();
    var json = JstapProcess.run(dir, "run", "--format", "json", "-w", "-c", closer + " 3", "opts.bo");
    assertThat(json.exitCode()).as(json.err()).isZero();
    assertThat(json.out()).matches("\\{\"type\":\"printf\",\"data\":\"3 closes, target \\d+\\\\n\"\\}\n");
    assertThat(json.err()).doesNotContain("WARNING");
    var timed = JstapProcess.run(dir, "run", "-T", "0.35", "-x", "4242", "-o", "out.txt", "opts.bo");
    assertThat(timed.exitCode()).isZero();
    assertThat(dir.resolve("out.txt")).hasContent("0 closes, target 4242\n");
    assertThat(timed.err()).contains("WARNING: tick");
  }
}

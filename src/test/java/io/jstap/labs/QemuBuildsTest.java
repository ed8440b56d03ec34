package io.jstap.labs;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.cli.CliRun;
import io.jstap.testing.CProgram;
import io.jstap.testing.DebianPackage;
import io.jstap.testing.KernelTest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/virtio-blk-errors.stp on QEMU's completion path as each distribution builds it
 * (src/test/resources/labs/fake_qemu.c): with USDT markers, with trace-event states only, and
 * with both. A batch of merged requests fails with one ret; the script must print one line per
 * request, with the ret the completion got, and ignore errors of other device models.
 */
@KernelTest
class QemuBuildsTest {
  private static final Pattern FAILURE = Pattern.compile(
      "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} +(\\d+) (read|write) +(\\S+) +ret=(-?\\d+) \\((.*)\\)");

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "markers and trace states, -DMARKER -DTRACE_STATE, 3, ENOSPC, write",
      "markers only, -DMARKER, 4, EIO, read",
      "trace states only (Debian), -DTRACE_STATE, 3, ENODATA, read"})
  void printsEachFailedRequestOfAMergedBatch(String build, String defines, int batch,
      String errno, String op) throws Exception {
    String gcc = DebianPackage.require("gcc", "/usr/bin/gcc").toString();
    DebianPackage.require("systemtap-sdt-dev", "/usr/include/x86_64-linux-gnu/sys/sdt.h");
    Path source = dir.resolve("fake_qemu.c");
    try (InputStream in = QemuBuildsTest.class.getResourceAsStream("/labs/fake_qemu.c")) {
      Files.copy(in, source);
    }
    Path qemu = dir.resolve("fake_qemu");
    var cmd = new java.util.ArrayList<>(List.of(gcc, "-O2", "-rdynamic", "-o", qemu.toString()));
    cmd.addAll(List.of(defines.split(" ")));
    cmd.add(source.toString());
    CProgram.run(cmd);
    CProgram.run(DebianPackage.require("binutils", "/usr/bin/strip").toString(), qemu.toString());

    var code = Lab.errno(errno);
    var run = CliRun.of("-v", "-T", "30", "-c",
        qemu + " " + batch + " " + code.number() + " " + op,
        Lab.EXAMPLES.resolve("virtio-blk-errors.stp").toString(), qemu.toString());
    String why = "stdout:\n" + run.out() + "stderr:\n" + run.err();
    assertThat(run.exitCode()).as(why).isZero();
    var lines = run.out().lines().map(FAILURE::matcher).filter(Matcher::matches).toList();
    assertThat(lines).as(why).hasSize(batch).allSatisfy(m -> {
      assertThat(m.group(2)).isEqualTo(op);
      assertThat(m.group(3)).isEqualTo("report");
      assertThat(Long.parseLong(m.group(4))).isEqualTo(-code.number());
      assertThat(m.group(5)).isEqualTo(code.name() + ": " + code.description());
    });
    assertThat(run.out()).as(why).containsPattern(
        "\\d+ " + op + " +" + batch + "  ret=-" + code.number() + " \\(" + code.name());
    if (defines.contains("TRACE_STATE")) {
      assertThat(run.err()).as(why).contains("found virtio_blk_rw_complete at 0x");
    } else {
      assertThat(run.err()).as(why).doesNotContain("found virtio_blk_rw_complete");
    }
  }
}

package io.jstap.labs;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.testing.KernelTest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * LABS.md section 2: a loop device over a FUSE file that fails one block, traced by
 * examples/block-errors.stp. The kernel's own text of block:block_rq_error (a tracefs instance)
 * is the oracle for the errno of each request: blk_status_to_errno() computed it.
 */
@KernelTest
class HostDiskErrorsLabTest {
  /** "15:08:13.288 loop0    write           2048   4096  -61 ENODATA: No data available dd[12085]" */
  private static final Pattern FAILURE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}"
      + " (\\S+) +(read|write|flush|discard|op \\d+) +(\\d+) +(\\d+)  (-?\\d+) (E\\w+): (.+?)"
      + " +(\\S+)");
  /** "loop0    write        1  -61 ENODATA: No data available dd[12087]" */
  private static final Pattern SUMMARY = Pattern.compile(
      "(\\S+) +(read|write|flush|discard|op \\d+) +(\\d+)  (-?\\d+) (E\\w+): (.+?) +(\\S+)");
  /** "dd-1 [000] ..... 1.2: block_rq_error: 7,0 W () 2048 + 8 none,0,0 [-61]" */
  private static final Pattern KERNEL_TEXT = Pattern.compile(
      ".* block_rq_error: (\\d+),(\\d+) (\\S+) .*?(\\d+) \\+ (\\d+) .*\\[(-?\\d+)\\]");

  @Test
  void blockErrorsPrintsEveryFailedRequest() throws Exception {
    Lab.assumeFuse();
    Lab.assumeLoopDevices();
    var settings = Lab.Settings.configured();
    Lab.Traced traced;
    List<Long> kernelErrnos;
    try (var kernel = TracefsEventLog.start("block", "block_rq_error")) {
      traced = Lab.trace("host-disk-errors", settings.options(), "block-errors.stp", 60);
      kernelErrnos = errnosAtSector2048(kernel.lines());
    }
    String why = traced.describe();
    assertThat(traced.jstap().exitCode()).as(why).isZero();
    int n = settings.count();
    assertThat(traced.labValue("done:")).as(why)
        .isEqualTo(n + " of " + n + " " + settings.op() + "s failed");
    String disk = traced.labValue("loop device").replaceAll("^/dev/(\\S+).*", "$1");

    assertThat(kernelErrnos).as(why).hasSize(n);
    List<Matcher> failures = matching(FAILURE, traced.jstap().out(), 1, disk);
    assertThat(failures).as(why).hasSize(n);
    for (int i = 0; i < n; i++) {
      Matcher m = failures.get(i);
      long errno = Long.parseLong(m.group(5));
      assertThat(m.group(2)).as(why).isEqualTo(settings.op());
      assertThat(m.group(3)).as(why).isEqualTo("2048");
      assertThat(m.group(4)).as(why).isEqualTo("4096");
      assertThat(errno).as(why).isEqualTo(kernelErrnos.get(i));
      var code = Lab.errno(Long.toString(errno));
      assertThat(m.group(6) + ": " + m.group(7)).as(why)
          .isEqualTo(code.name() + ": " + code.description());
      // dd issued it, although the loop device's worker completed it
      assertThat(m.group(8)).as(why).matches("dd\\[\\d+\\]");
    }
    List<Matcher> summary = matching(SUMMARY, traced.jstap().out(), 1, disk);
    assertThat(summary).as(why).isNotEmpty()
        .allMatch(m -> m.group(7).matches("dd\\[\\d+\\]") && m.group(2).equals(settings.op()));
    assertThat(summary.stream().mapToInt(m -> Integer.parseInt(m.group(3))).sum()).as(why)
        .isEqualTo(n);
  }

  /**
   * The loop driver turns the errno of the failed file I/O into a blk_status_t with
   * errno_to_blk_status(); blk_status_errno() must turn each back as the running kernel does.
   */
  @Test
  void statusesBecomeTheErrnosTheKernelReports() throws Exception {
    Lab.assumeFuse();
    Lab.assumeLoopDevices();
    List<String> errnos = List.of("EIO", "EPERM", "EOPNOTSUPP", "ETIMEDOUT", "ENOSPC",
        "ENOLINK", "EREMOTEIO", "EBADE", "ENODATA", "EILSEQ", "ENOMEM", "EREMCHG", "EAGAIN",
        "EBUSY", "ETOOMANYREFS", "EOVERFLOW", "ENODEV", "ETIME", "EINVAL");
    String each = String.join(" ", errnos);
    Lab.Traced traced;
    List<Long> kernelErrnos;
    try (var kernel = TracefsEventLog.start("block", "block_rq_error")) {
      // one lab per errno, one failed write each, in one jstap session
      String lab = Lab.SCRIPTS.resolve("host-disk-errors").toString();
      traced = Lab.traceCommands(lab + " --count 1 --errno EIO\nfor e in " + each + "; do "
          + lab + " --count 1 --errno $e; done", "block-errors.stp", 90);
      kernelErrnos = errnosAtSector2048(kernel.lines());
    }
    String why = traced.describe();
    assertThat(traced.jstap().exitCode()).as(why).isZero();
    assertThat(traced.labLines("done: 1 of 1 writes failed")).as(why).hasSize(errnos.size() + 1);
    List<Long> printed = new ArrayList<>();
    for (Matcher m : matching(FAILURE, traced.jstap().out(), 1, null)) {
      if (m.group(1).startsWith("loop") && m.group(3).equals("2048")) {
        printed.add(Long.parseLong(m.group(5)));
      }
    }
    assertThat(kernelErrnos).as(why).hasSize(errnos.size() + 1);
    assertThat(printed).as(why).isEqualTo(kernelErrnos);
    // and the kernel's table has these errnos: each comes back as itself
    List<Long> injected = new ArrayList<>(List.of(-5L));
    for (String e : errnos) {
      injected.add(e.equals("EPERM") ? -5L : -Lab.errno(e).number());
    }
    assertThat(printed).as(why).isEqualTo(injected);
  }

  private static List<Long> errnosAtSector2048(List<String> kernelText) {
    var out = new ArrayList<Long>();
    for (String line : kernelText) {
      Matcher m = KERNEL_TEXT.matcher(line);
      if (m.matches() && m.group(1).equals("7") && m.group(4).equals("2048")) {
        out.add(Long.parseLong(m.group(6)));
      }
    }
    return out;
  }

  private static List<Matcher> matching(Pattern p, String text, int diskGroup, String disk) {
    var out = new ArrayList<Matcher>();
    for (String line : text.lines().toList()) {
      Matcher m = p.matcher(line);
      if (m.matches() && (disk == null || m.group(diskGroup).equals(disk))) out.add(m);
    }
    return out;
  }
}

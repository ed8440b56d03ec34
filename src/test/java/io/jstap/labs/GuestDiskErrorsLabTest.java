package io.jstap.labs;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.testing.KernelTest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * LABS.md section 1: a TCG guest whose virtio-blk disk fails, traced from the host by
 * examples/virtio-blk-errors.stp on Debian's stripped QEMU (blk_error_action by its exported
 * symbol, virtio_blk_rw_complete through its trace event). Each guest request fails once: the
 * script must print one line per request, with the errno QEMU got, and the guest's kernel must
 * have logged the I/O errors.
 */
@KernelTest
class GuestDiskErrorsLabTest {
  /** "15:06:16.546    11000 write report  ret=-5 (EIO: Input/output error)" */
  private static final Pattern FAILURE = Pattern.compile(
      "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} +(\\d+) (read|write) +(\\S+) +ret=(-?\\d+) \\((.*)\\)");
  /** "   11000 write      3  ret=-5 (EIO: Input/output error)" */
  private static final Pattern SUMMARY = Pattern.compile(
      " *(\\d+) (read|write) +(\\d+)  ret=(-?\\d+) \\((.*)\\)");

  @Test
  void blkdebugFailsTheGuestsRequestsInsideQemu() throws Exception {
    var settings = Lab.Settings.configured();
    check(settings, Lab.trace("guest-disk-errors", "--way blkdebug " + settings.options(),
        "virtio-blk-errors.stp", 120));
  }

  @Test
  void aFuseDiskFailsThemOnTheHost() throws Exception {
    Lab.assumeFuse();
    var settings = Lab.Settings.configured();
    check(settings, Lab.trace("guest-disk-errors", "--way fuse " + settings.options(),
        "virtio-blk-errors.stp", 120));
  }

  @Test
  void readsFailWithTheirOwnError() throws Exception {
    var configured = Lab.Settings.configured();
    var settings = configured.with(configured.op().equals("read") ? "write" : "read",
        "ENODATA", 2);
    check(settings, Lab.trace("guest-disk-errors", "--way blkdebug " + settings.options(),
        "virtio-blk-errors.stp", 120));
  }

  private static void check(Lab.Settings settings, Lab.Traced traced) {
    String why = traced.describe();
    assertThat(traced.jstap().exitCode()).as(why).isZero();
    long qemu = Long.parseLong(traced.labValue("qemu pid"));
    int n = settings.count();
    assertThat(traced.labValue("done:")).as(why)
        .isEqualTo(n + " of " + n + " " + settings.op() + "s failed");
    // the guest's kernel logs each failed request (at most 10 in 5 seconds: printk_ratelimited)
    String logged = "I/O error, dev vda, sector 2048 op "
        + (settings.op().equals("read") ? "0x0:(READ)" : "0x1:(WRITE)");
    assertThat(traced.labLines("dmesg:")).as(why).hasSizeBetween(Math.min(n, 10), n)
        .allMatch(l -> l.contains(logged));

    // jstap found the static function through its trace event ...
    assertThat(traced.jstap().err()).as(why).contains(
        "/usr/bin/qemu-system-x86_64: found virtio_blk_rw_complete at 0x",
        "through its trace event");
    // ... and printed one line per failed request of this QEMU (others may run on the host)
    List<Matcher> failures = new ArrayList<>();
    for (String line : traced.jstap().out().lines().toList()) {
      Matcher m = FAILURE.matcher(line);
      if (m.matches() && Long.parseLong(m.group(1)) == qemu) failures.add(m);
    }
    assertThat(failures).as(why).hasSize(n).allSatisfy(m -> {
      assertThat(m.group(2)).isEqualTo(settings.op());
      assertThat(m.group(3)).isEqualTo("report");
      assertThat(Long.parseLong(m.group(4))).isEqualTo(-settings.errno().number());
      assertThat(m.group(5)).isEqualTo(settings.errnoText());
    });
    // the summary counts them
    List<Matcher> summary = new ArrayList<>();
    for (String line : traced.jstap().out().lines().toList()) {
      Matcher m = SUMMARY.matcher(line);
      if (m.matches() && Long.parseLong(m.group(1)) == qemu) summary.add(m);
    }
    assertThat(summary).as(why).singleElement().satisfies(m -> {
      assertThat(m.group(2)).isEqualTo(settings.op());
      assertThat(Integer.parseInt(m.group(3))).isEqualTo(n);
      assertThat(Long.parseLong(m.group(4))).isEqualTo(-settings.errno().number());
      assertThat(m.group(5)).isEqualTo(settings.errnoText());
    });
  }
}

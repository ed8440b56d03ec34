package io.jstap.bpf;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.testing.FdLeakCheck;
import io.jstap.testing.KernelTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The side band of processes' mappings: records as the kernel lays them out, and live. */
class ProcessMapEventsTest {
  /** A record: header (type, misc, size), body, then sample_id {pid, tid, time}. */
  private static ByteBuffer record(int type, int misc, byte[] body, int pid, long time) {
    int size = 8 + body.length + 16;
    var b = ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
    b.putInt(type).putShort((short) misc).putShort((short) size).put(body);
    b.putInt(pid).putInt(pid).putLong(time);
    return b;
  }

  @Test
  void mmap2RecordsGiveTheFileAndWhereItLies() {
    // the fields from offset 8 to 72, then the NUL-terminated name padded to 8 bytes
    var body = ByteBuffer.allocate(64 + 24).order(ByteOrder.nativeOrder());
    body.putInt(42).putInt(42).putLong(0x7f0000001000L).putLong(0x2000).putLong(0x3000)
        .putInt(254).putInt(0).putLong(99).putLong(0).putInt(5).putInt(2)
        .put("/usr/lib/libc.so.6\0".getBytes());
    var e = ProcessMapEvents.parse(record(10, 2, body.array(), 42, 7));
    assertThat(e).isEqualTo(new ProcessMapEvents.Mapped(42, 7, 0x7f0000001000L, 0x2000, 0x3000,
        "/usr/lib/libc.so.6"));
  }

  @Test
  void execsForksAndExitsOfProcessesNotThreads() {
    byte[] comm = "prog\0\0\0\0".getBytes();
    var b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putInt(42).putInt(42);
    byte[] commBody = ByteBuffer.allocate(16).put(b.array()).put(comm).array();
    assertThat(ProcessMapEvents.parse(record(3, 1 << 13, commBody, 42, 5)))
        .isEqualTo(new ProcessMapEvents.Exec(42, 5));
    assertThat(ProcessMapEvents.parse(record(3, 0, commBody, 42, 5))).isNull(); // prctl rename
    assertThat(ProcessMapEvents.parse(record(7, 0, task(43, 42, 43, 42, 6), 43, 6)))
        .isEqualTo(new ProcessMapEvents.Forked(43, 42, 6));
    assertThat(ProcessMapEvents.parse(record(7, 0, task(42, 42, 44, 42, 6), 42, 6))).isNull();
    assertThat(ProcessMapEvents.parse(record(4, 0, task(43, 42, 43, 42, 8), 43, 8)))
        .isEqualTo(new ProcessMapEvents.Exited(43, 8));
  }

  private static byte[] task(int pid, int ppid, int tid, int ptid, long time) {
    return ByteBuffer.allocate(24).order(ByteOrder.nativeOrder()).putInt(pid).putInt(ppid)
        .putInt(tid).putInt(ptid).putLong(time).array();
  }

  /** A process started while following: its exec, the program's mapping, its exit. */
  @Test
  @KernelTest
  @ExtendWith(FdLeakCheck.class)
  void followsAProcessFromExecToExit() throws Exception {
    try (var events = ProcessMapEvents.open()) {
      Process p = new ProcessBuilder("/bin/true").start();
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
      var seen = new ArrayList<ProcessMapEvents.Event>();
      events.drain(seen::add);
      int pid = (int) p.pid();
      assertThat(seen).anyMatch(e -> e instanceof ProcessMapEvents.Exec x && x.pid() == pid);
      assertThat(seen).anyMatch(e -> e instanceof ProcessMapEvents.Mapped m && m.pid() == pid
          && m.path().endsWith("/true"));
      assertThat(seen).anyMatch(e -> e instanceof ProcessMapEvents.Mapped m && m.pid() == pid
          && m.path().contains("libc.so"));
      assertThat(seen).anyMatch(e -> e instanceof ProcessMapEvents.Exited x && x.pid() == pid);
      assertThat(seen).isSortedAccordingTo(java.util.Comparator.comparingLong(
          ProcessMapEvents.Event::time));
    }
  }
}

package io.jstap.bench;

import io.jstap.format.FormatLimits;
import io.jstap.format.FormatParse;
import io.jstap.format.OutputBuffer;
import io.jstap.format.RecordFormatter;
import io.jstap.format.RecordKind;
import io.jstap.format.RecordLayout;
import io.jstap.format.RecordLayout.Field;
import io.jstap.format.StapFormat;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hot path of BPF printf output: formatting one ring-buffer record of the shape of
 * {@code printf("%s[%d] %s -> %d\n", execname(), pid(), ppfunc(), retval)} from a
 * MemorySegment into an OutputBuffer that drains to a null stream. One invocation formats a
 * batch of 64 different records, as a ring-buffer consumer does after a wake-up; one operation
 * is one record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class RecordFormatBench {
  private static final int RECORDS = 64;
  private static final int HEADER = 8; // format id
  // TASK_COMM_LEN 16 for execname(); 64 bytes for the probe function name.
  private static final RecordLayout LAYOUT =
      new RecordLayout(
          List.of(
              new Field(RecordKind.STRING, 0, 16),
              new Field(RecordKind.LONG, 16, 8),
              new Field(RecordKind.STRING, 24, 64),
              new Field(RecordKind.LONG, 88, 8)),
          96);
  private static final long STRIDE = HEADER + LAYOUT.size();

  private Arena arena;
  private MemorySegment records;
  private RecordFormatter formatter;
  private OutputBuffer out;

  @Setup(Level.Trial)
  public void setUp() {
    var format =
        switch (StapFormat.parse("%s[%d] %s -> %d\n")) {
          case FormatParse.Parsed p -> p.format();
          case FormatParse.Invalid i -> throw new IllegalStateException(i.error().message());
        };
    formatter = new RecordFormatter(format, LAYOUT, FormatLimits.DEFAULT);
    out = new OutputBuffer(OutputStream.nullOutputStream());
    arena = Arena.ofShared();
    records = arena.allocate(STRIDE * RECORDS, 8);
    String[] comms = {"bash", "kworker/0:1H", "systemd-journal", "qemu-system-x86", "sshd"};
    String[] funcs = {"vfs_read", "__x64_sys_openat", "blk_mq_end_request", "tcp_v4_rcv"};
    var le = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < RECORDS; i++) {
      long base = i * STRIDE;
      records.set(le, base, 7); // format id
      putString(base + HEADER, 16, comms[i % comms.length]);
      records.set(le, base + HEADER + 16, 1000 + i * 37L);
      putString(base + HEADER + 24, 64, funcs[i % funcs.length]);
      records.set(le, base + HEADER + 88, i % 3 == 0 ? -5 : i * 4096L);
    }
  }

  private void putString(long at, int capacity, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    int n = Math.min(b.length, capacity);
    MemorySegment.copy(b, 0, records, ValueLayout.JAVA_BYTE, at, n);
    if (n < capacity) records.set(ValueLayout.JAVA_BYTE, at + n, (byte) 0);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    out.flush();
    arena.close();
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void formatRecord() {
    for (int i = 0; i < RECORDS; i++) formatter.format(records, i * STRIDE + HEADER, out);
  }
}

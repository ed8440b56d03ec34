package io.jstap.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstap.format.FormatParse.Parsed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordFormatterTest {
  private static final ValueLayout.OfLong LE =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final int HEADER = 8; // where a format id would sit

  private final Arena arena = Arena.ofAuto();

  static StapFormat format(String text) {
    return ((Parsed) StapFormat.parse(text)).format();
  }

  /** A record: 8 header bytes, then the operands written as the layout says. */
  private MemorySegment record(RecordLayout layout, Object... values) {
    var seg = arena.allocate(HEADER + layout.size());
    seg.fill((byte) 0x5a); // garbage where nothing is written
    for (int i = 0; i < values.length; i++) {
      var field = layout.fields().get(i);
      long at = HEADER + field.offset();
      switch (values[i]) {
        case Long l -> seg.set(LE, at, l);
        case String s -> {
          byte[] b = s.getBytes(StandardCharsets.UTF_8);
          int n = Math.min(b.length, field.capacity());
          MemorySegment.copy(b, 0, seg, ValueLayout.JAVA_BYTE, at, n);
          if (n < field.capacity()) seg.set(ValueLayout.JAVA_BYTE, at + n, (byte) 0);
        }
        case byte[] b -> MemorySegment.copy(b, 0, seg, ValueLayout.JAVA_BYTE, at, b.length);
        default -> throw new IllegalArgumentException(values[i].toString());
      }
    }
    return seg;
  }

  private static String run(RecordFormatter f, MemorySegment... records) {
    var bytes = new ByteArrayOutputStream();
    try (var out = new OutputBuffer(bytes, 100)) {
      for (var r : records) f.format(r, HEADER, out);
    }
    return bytes.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void typicalRecord() {
    var fmt = format("%s[%d] %s -> %d\n");
    var layout = RecordLayout.pack(fmt, 16, 0);
    var f = new RecordFormatter(fmt, layout, FormatLimits.DEFAULT);
    String text =
        run(
            f,
            record(layout, "bash", 1234L, "vfs_read", -5L),
            record(layout, "kworker/0:1H", 17L, "submit_bio", 0L));
    assertThat(text).isEqualTo("bash[1234] vfs_read -> -5\nkworker/0:1H[17] submit_bio -> 0\n");
  }

  @Test
  void aStringFillingItsSlotNeedsNoNul() {
    var fmt = format("<%s>");
    var layout = RecordLayout.pack(fmt, 16, 0);
    var f = new RecordFormatter(fmt, layout, FormatLimits.DEFAULT);
    assertThat(run(f, record(layout, "0123456789abcdefXYZ"))).isEqualTo("<0123456789abcdef>");
  }

  @Test
  void widthsPrecisionsAndMemoryFromARecord() {
    var fmt = format("[%-*s][%.*d][%.3M][%.*m]");
    var layout = RecordLayout.pack(fmt, 32, 8);
    var f = new RecordFormatter(fmt, layout, FormatLimits.DEFAULT);
    var r = record(layout, 6L, "ab", 4L, 42L, new byte[] {1, 2, (byte) 0xff}, 2L, "hi".getBytes());
    assertThat(run(f, r)).isEqualTo("[ab    ][0042][0102ff][hi]");
  }

  @Test
  void recordsAndInterpreterValuesFormatAlike() {
    String[] formats = {
      "%d|%5d|%-5d|%05d|%+d|% d|%x|%#x|%o|%#o|%X|%u|%p|%c|%#c",
      "%s|%10s|%-10s|%.2s|%0s|%#s",
      "%*d|%-*d|%.*d|%*.*s|%b|%2b",
    };
    long[] numbers = {0, 1, -1, 42, -42, 255, Long.MIN_VALUE, Long.MAX_VALUE, 10, 39, 200};
    for (String text : formats) {
      var fmt = format(text);
      var layout = RecordLayout.pack(fmt, 24, 8);
      var f = new RecordFormatter(fmt, layout, FormatLimits.DEFAULT);
      for (long n : numbers) {
        var values = new ArrayList<Object>();
        for (Operand op : fmt.operands()) {
          values.add(op.type() == ScriptType.LONG ? (Object) (n % 13) : (Object) ("s" + n));
        }
        for (int i = 0; i < values.size(); i++) {
          if (fmt.operands().get(i).role() == Operand.Role.VALUE && values.get(i) instanceof Long) {
            values.set(i, n);
          }
        }
        Object[] args = values.toArray();
        var bytes = new ByteArrayOutputStream();
        try (var out = new OutputBuffer(bytes)) {
          fmt.printf(ValueArguments.of(args), FormatLimits.DEFAULT, out);
        }
        assertThat(run(f, record(layout, args)))
            .as("%s with %s", text, values)
            .isEqualTo(bytes.toString(StandardCharsets.ISO_8859_1));
      }
    }
  }

  @Test
  void shortRecordsAreRefused() {
    var fmt = format("%d %d");
    var layout = RecordLayout.pack(fmt, 8, 8);
    var f = new RecordFormatter(fmt, layout, FormatLimits.DEFAULT);
    var tooShort = arena.allocate(HEADER + 8);
    assertThatThrownBy(() -> f.format(tooShort, HEADER, new OutputBuffer(OutputStream.nullOutputStream())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("record of 8 argument bytes, layout needs 16");
  }

  @Test
  void manyRecordsFlowThroughASmallBuffer() {
    var fmt = format("%d,");
    var layout = RecordLayout.pack(fmt, 8, 8);
    var f = new RecordFormatter(fmt, layout, new FormatLimits(16, 128));
    var expected = new StringBuilder();
    var records = new ArrayList<MemorySegment>();
    for (long i = 0; i < 1000; i++) {
      records.add(record(layout, i * 7919));
      expected.append(i * 7919).append(',');
    }
    var chunks = new ArrayList<Integer>();
    var bytes =
        new ByteArrayOutputStream() {
          @Override
          public synchronized void write(byte[] b, int off, int len) {
            chunks.add(len);
            super.write(b, off, len);
          }
        };
    try (var out = new OutputBuffer(bytes, 64)) {
      for (var r : records) f.format(r, HEADER, out);
    }
    assertThat(bytes.toString(StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
    assertThat(chunks).allMatch(n -> n <= 64).hasSizeGreaterThan(10);
  }

  @Test
  void outputBufferWritesLargeArraysInChunksAndGrowsForLargeRecords() {
    var bytes = new ByteArrayOutputStream();
    var out = new OutputBuffer(bytes, 8);
    byte[] big = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);
    out.write(big);
    out.write('!');
    assertThat(out.pending()).isLessThanOrEqualTo(8);
    var fmt = format("%20d");
    var layout = RecordLayout.pack(fmt, 8, 8);
    new RecordFormatter(fmt, layout, new FormatLimits(32, 128)).format(record(layout, 5L), HEADER, out);
    out.flush();
    assertThat(bytes.toString(StandardCharsets.US_ASCII))
        .isEqualTo("0123456789abcdefghij!" + " ".repeat(19) + "5");
  }

  @Test
  void streamFailuresSurfaceUnchecked() {
    var out =
        new OutputBuffer(
            new OutputStream() {
              @Override
              public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
              }
            },
            4);
    out.write(new byte[3]);
    assertThatThrownBy(out::flush)
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("Broken pipe");
    assertThat(out.pending()).isZero();
  }

  @Test
  void valueArgumentsAcceptLongsStringsAndBytes() {
    var args = ValueArguments.of(1, 2L, "é", new byte[] {'x'});
    assertThat(args.longValue(0)).isEqualTo(1);
    assertThat(args.longValue(1)).isEqualTo(2);
    assertThatThrownBy(() -> ValueArguments.of(1.5))
        .hasMessageContaining("argument 0 is a Double");
    assertThat(List.of(args.size())).containsExactly(4);
  }
}

package io.jstap.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.format.FormatParse.Parsed;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Reading operands in place from a record gives the bytes the interpreter path gives. */
class RecordFormatterPropertyTest {
  private static final ValueLayout.OfLong LE =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  @Provide
  Arbitrary<String> formats() {
    return Arbitraries.of(
        "%s", "<%s>", "%s|%d", "%-20s|%5.3s|%.*s", "%10s%0s", "%d %s %x %s", "%*s|%c%c");
  }

  @Property(tries = 1000)
  void recordsFormatLikeValues(
      @ForAll("formats") String text,
      @ForAll @Size(min = 4, max = 4) java.util.List<@Size(max = 40) byte[]> strings,
      @ForAll long number,
      @ForAll @IntRange(min = 1, max = 40) int capacity) {
    var format = ((Parsed) StapFormat.parse(text)).format();
    var layout = RecordLayout.pack(format, capacity, 8);
    var values = new ValueArguments(format.operands().size());
    var seg = Arena.ofAuto().allocate(layout.size() + 3);
    seg.fill((byte) 'Z'); // no NUL after a slot that its string fills
    int s = 0;
    for (Operand op : format.operands()) {
      var field = layout.fields().get(op.index());
      if (op.recordKind() == RecordKind.STRING) {
        byte[] b = strings.get(s++ % strings.size());
        int n = Math.min(b.length, capacity);
        MemorySegment.copy(b, 0, seg, ValueLayout.JAVA_BYTE, 3 + field.offset(), n);
        if (n < capacity) seg.set(ValueLayout.JAVA_BYTE, 3 + field.offset() + n, (byte) 0);
        values.setBytes(op.index(), Arrays.copyOf(b, n)); // what the BPF program could copy
      } else {
        long v = op.role() == Operand.Role.VALUE ? number : Math.floorMod(number, 50);
        seg.set(LE, 3 + field.offset(), v);
        values.setLong(op.index(), v);
      }
    }
    var fromRecord = new ByteArrayOutputStream();
    try (var out = new OutputBuffer(fromRecord, 128)) {
      new RecordFormatter(format, layout, FormatLimits.DEFAULT).format(seg, 3, out);
    }
    var fromValues = new ByteArrayOutputStream();
    try (var out = new OutputBuffer(fromValues, 128)) {
      format.printf(values, FormatLimits.DEFAULT, out);
    }
    assertThat(fromRecord.toByteArray()).isEqualTo(fromValues.toByteArray());
  }
}

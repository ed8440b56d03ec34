package io.jstap.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstap.format.FormatParse.Parsed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays scripts of SystemTap's testsuite (testsuite/systemtap.maps) and compares with their
 * expected output; see src/test/resources/io/jstap/format/hist/README.md.
 */
class HistogramPrinterTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final OutputBuffer out = new OutputBuffer(bytes, 256);

  private static String expected(String name) {
    try (InputStream in = HistogramPrinterTest.class.getResourceAsStream("hist/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String output() {
    out.flush();
    return bytes.toString(StandardCharsets.ISO_8859_1);
  }

  /** stap_run2 passes when the output holds the expected text ({@code expect -ex}). */
  private void assertStapRun2(String expectedFile) {
    assertThat(output()).startsWith(expected(expectedFile));
  }

  private void printf(String format, long... values) {
    var f = ((Parsed) StapFormat.parse(format)).format();
    var args = new ValueArguments(values.length);
    for (int i = 0; i < values.length; i++) args.setLong(i, values[i]);
    f.printf(args, FormatLimits.DEFAULT, out);
  }

  private static StatSummary stat(Histogram h, long... values) {
    return stat(new StatShape(h, false, 0), values);
  }

  private static StatSummary stat(StatShape shape, long... values) {
    var cpu = new StatPartial(shape);
    for (long v : values) cpu.add(v);
    return StatSummary.merge(shape, List.of(cpu));
  }

  /** The samples of linear.stp and linear_overunder.stp. */
  private static long[] linearSamples() {
    int[] multipliers = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 12, 13, 14, 15};
    long[] v = new long[100 * multipliers.length];
    int n = 0;
    for (int key = 0; key < 100; key++) for (int m : multipliers) v[n++] = (long) key * m;
    return v;
  }

  private void printSummaryWithoutVariance(StatSummary s) {
    printf("count=%d\n", s.count());
    printf("sum=%d\n", s.sum());
    printf("min=%d\n", s.min());
    printf("max=%d\n", s.max());
    printf("avg=%d\n", s.avg());
  }

  private void printSummary(StatSummary s) {
    printf("count=%d\n", s.count());
    printf("sum=%d\n", s.sum());
    printf("min=%d\n", s.min());
    printf("max=%d\n", s.max());
    printf("avg=%d\n", s.avg());
    printf("variance=%d\n", s.variance());
  }

  /** A statistic read with @variance(s) (shift 0) and one histogram. */
  private static StatSummary withVariance(Histogram h, long... values) {
    return stat(new StatShape(h, true, 0), values);
  }

  @Test
  void linear() {
    var s = withVariance(new Histogram.Linear(0, 1500, 50), linearSamples());
    printSummary(s);
    HistogramPrinter.print(s, HistogramStyle.DEFAULT, out);
    assertStapRun2("linear.exp.txt");
  }

  @Test
  void linearOverflowAndUnderflowRows() {
    var s = withVariance(new Histogram.Linear(250, 1000, 50), linearSamples());
    printSummary(s);
    HistogramPrinter.print(s, HistogramStyle.DEFAULT, out);
    assertStapRun2("overunder.exp.txt");
  }

  @Test
  void linearLargeNegative() {
    var s =
        withVariance(
            new Histogram.Linear(-1000000000, 0, 100000000),
            0,
            -100000000,
            -100000000,
            -500000000,
            -500000000,
            -500000000,
            -500000000,
            -500000000,
            -1000000000,
            -1000000000,
            -1000000000,
            -1000000000,
            -10000000000L);
    printSummaryWithoutVariance(s);
    HistogramPrinter.print(s, HistogramStyle.DEFAULT, out);
    assertStapRun2("largeneg.exp.txt");
  }

  @Test
  void linearLarge() {
    var s =
        withVariance(
            new Histogram.Linear(0, 1000000000, 100000000),
            10000000,
            10000000,
            10000000,
            100000000,
            100000000,
            500000000,
            500000000,
            500000000,
            500000000,
            500000000,
            1000000000,
            1000000000,
            1000000000,
            1000000000,
            10000000000L);
    printSummaryWithoutVariance(s);
    HistogramPrinter.print(s, HistogramStyle.DEFAULT, out);
    assertStapRun2("large.exp.txt");
  }

  @Test
  void linearNearlyEmptyWithVarianceShift() {
    var s = stat(new StatShape(new Histogram.Linear(0, 1500, 50), true, 7), 444, 999);
    printf("count=%d\n", s.count());
    printf("sum=%d\n", s.sum());
    printf("min=%d\n", s.min());
    printf("max=%d\n", s.max());
    printf("avg=%d\n", s.avg());
    printf("variance=%d\n", s.variance());
    HistogramPrinter.print(s, HistogramStyle.DEFAULT, out);
    assertStapRun2("nearlyempty.exp.txt");
  }

  @Test
  void linearAllBelowStart() {
    var values = new long[100];
    for (int i = 0; i < 100; i++) values[i] = i;
    var s = withVariance(new Histogram.Linear(1800, 2500, 100), values);
    printSummary(s);
    HistogramPrinter.print(s, HistogramStyle.DEFAULT, out);
    assertStapRun2("under.exp.txt");
  }

  @Test
  void linearAllAboveStop() {
    var values = new long[9000];
    for (int i = 0; i < 9000; i++) values[i] = 1000 + i;
    var s = withVariance(new Histogram.Linear(0, 100, 10), values);
    printSummary(s);
    HistogramPrinter.print(s, HistogramStyle.DEFAULT, out);
    assertStapRun2("over.exp.txt");
  }

  @Test
  void logFullRange() {
    var values = new long[63 + 64 + 20];
    int n = 0;
    long val = 1;
    for (int i = 0; i < 63; i++, val <<= 1) values[n++] = val;
    val = 1;
    for (int i = 0; i < 64; i++, val <<= 1) values[n++] = -val;
    // and 20 zeros
    HistogramPrinter.print(stat(Histogram.LOG, values), HistogramStyle.DEFAULT, out);
    assertStapRun2("log.exp.txt");
  }

  @Test
  void logEdges() {
    long[][] runs = {{-1, 1}, {0}, {0x7fffffffffffffffL}, {1, 2, 3, 4}};
    for (int r = 0; r < runs.length; r++) {
      var s = stat(Histogram.LOG, runs[r]);
      HistogramPrinter.print(s, HistogramStyle.DEFAULT, out);
      for (int b = 0; b < s.bucketCount(); b++) {
        if (s.bucket(b) != 0) printf("bucket %d: %d\n", b, s.bucket(b));
      }
      if (r < runs.length - 1) out.write("\n\n\n".getBytes(StandardCharsets.US_ASCII));
    }
    assertStapRun2("logedge.exp.txt");
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0, 1, 2, 3})
  void elision(int elision) {
    var style = new HistogramStyle(50, elision);
    var a = new Histogram.Linear(0, 1500, 50);
    var b = new Histogram.Linear(-100, 100, 10);
    for (var s :
        List.of(
            stat(a, 444, 999),
            stat(a, 444, 500),
            stat(a, 0),
            stat(a, 50),
            stat(a, 1450),
            stat(a, 1500),
            stat(b, -10),
            stat(b, 0),
            stat(Histogram.LOG, 128),
            stat(Histogram.LOG, 0),
            stat(Histogram.LOG, -2, -4096))) {
      HistogramPrinter.print(s, style, out);
    }
    assertThat(output()).isEqualTo(expected("elision" + elision + ".exp.txt"));
  }

  @Test
  void sprintOfASmallHistogramIsWhole() {
    var zeros = new long[128];
    var s = stat(new Histogram.Linear(0, 0, 1), zeros);
    byte[] text = HistogramPrinter.sprint(s, HistogramStyle.DEFAULT, FormatLimits.DEFAULT);
    out.write(text);
    assertStapRun2("instring.exp.txt");
  }

  @Test
  void sprintCutsLikeSnprintfPieces() {
    // Header (64 bytes) and the row label "    0 |" leave 57 bytes of MAXSTRINGLEN's 128; 50
    // '@' leave 7 for "%*lld\n" with width 8. _stp_vsnprintf clamps that width to the 7 bytes
    // it is given, so "1000000" is not pushed right by a space, and the NUL lands on its last 0.
    var million = new long[1_000_000];
    var s = stat(new Histogram.Linear(0, 10, 1), million);
    String full = new String(HistogramPrinter.render(s, HistogramStyle.DEFAULT));
    assertThat(full).contains("    0 |" + "@".repeat(50) + " 1000000\n");
    String cut =
        new String(HistogramPrinter.sprint(s, HistogramStyle.DEFAULT, FormatLimits.DEFAULT));
    assertThat(cut)
        .hasSize(127)
        .isEqualTo(
            "value |" + "-".repeat(50) + " count\n" + "    0 |" + "@".repeat(50) + "100000");
  }

  @Test
  void barsScaleToTheWidth() {
    // Six samples in one bucket, bars 4 wide: scale = ceil(6 / 4) = 2, so 3 '@'; the count
    // column is then padded to 4 - 3 + 1 + needed_space(6) = 3 characters.
    var s = stat(new Histogram.Linear(0, 10, 10), 5, 5, 5, 5, 5, 5);
    var narrow = new String(HistogramPrinter.render(s, new HistogramStyle(4, 2)));
    assertThat(narrow)
        .isEqualTo(
            """
            value |---- count
                0 |@@@  6
               10 |     0

            """);
  }

  @Test
  void emptyOrHistogramlessStatisticsAreRefused() {
    var shape = new StatShape(Histogram.LOG, false, 0);
    var empty = StatSummary.merge(shape, List.of(new StatPartial(shape)));
    assertThatThrownBy(() -> HistogramPrinter.render(empty, HistogramStyle.DEFAULT))
        .hasMessage("empty aggregate");
    var plain = stat(Histogram.NONE, 1);
    assertThatThrownBy(() -> HistogramPrinter.render(plain, HistogramStyle.DEFAULT))
        .hasMessageContaining("no histogram");
  }
}

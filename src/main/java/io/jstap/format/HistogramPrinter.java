package io.jstap.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Draws {@code print(@hist_log(s))} and {@code print(@hist_linear(s, ...))} as SystemTap's
 * {@code _stp_stat_print_histogram_buf} (runtime/stat-common.c) does: a header, one row per
 * bucket from two empty buckets below the data to two above, runs of empty rows elided as
 * {@code ~}, bars of {@code @} scaled to {@link HistogramStyle#width()}, and a blank line.
 *
 * <p>{@code sprint(@hist_...)} writes the same text piece by piece with {@code _stp_snprintf}
 * into a MAXSTRINGLEN buffer; {@link #sprint} reproduces how that cuts it, padding widths
 * included.
 */
public final class HistogramPrinter {
  private HistogramPrinter() {}

  /** Prints the histogram of a statistic. */
  public static void print(StatSummary stat, HistogramStyle style, OutputBuffer out) {
    out.write(render(stat, style));
  }

  /** The full text of the histogram. */
  public static byte[] render(StatSummary stat, HistogramStyle style) {
    var text = new Pieces(Integer.MAX_VALUE);
    draw(stat, style, text);
    return text.result();
  }

  /** The histogram as sprint returns it: at most {@code maxStringLength - 1} bytes. */
  public static byte[] sprint(StatSummary stat, HistogramStyle style, FormatLimits limits) {
    var text = new Pieces(limits.maxStringLength());
    draw(stat, style, text);
    return text.result();
  }

  /** needed_space() of runtime/stat-common.c: characters of a decimal, sign included. */
  static int neededSpace(long v) {
    if (v == 0) return 1;
    int space = 0;
    if (v < 0) {
      space++;
      v = -v; // MIN_VALUE stays, read as unsigned 2^63 below
    }
    while (v != 0) {
      v = Long.divideUnsigned(v, 10);
      space++;
    }
    return space;
  }

  private static void draw(StatSummary stat, HistogramStyle style, Pieces out) {
    Histogram h = stat.shape().histogram();
    boolean linear =
        switch (h) {
          case Histogram.None n ->
              throw new IllegalArgumentException("the statistic keeps no histogram");
          case Histogram.Log l -> false;
          case Histogram.Linear l -> true;
        };
    if (stat.isEmpty()) throw new IllegalStateException("empty aggregate");
    int buckets = h.bucketCount();
    int low = -1;
    int high = 0;
    long valmax = 0;
    for (int i = 0; i < buckets; i++) {
      long c = stat.bucket(i);
      if (c > 0 && low == -1) low = i;
      if (c > 0) high = i;
      if (c > valmax) valmax = c;
    }
    if (low == -1) low = 0; // unreachable with consistent data: count > 0 fills a bucket
    // "show up to two zero-slots on either side of the data range"
    for (int k = 0; k < 2; k++) {
      if (!linear) {
        if (low != Histogram.Log.ZERO_BUCKET && low > 0) low--; // not below 0 unless negatives
      } else if (low > 0) {
        low--;
      }
      if (high < buckets - 1) high++;
    }
    int under = 0;
    int over = 0;
    if (linear) {
      if (low == 0 && stat.bucket(0) == 0) low++;
      if (high == buckets - 1 && stat.bucket(high) == 0) high--;
      if (low == 0) under = 1;
      if (high == buckets - 1) over = 1;
    }
    int width = style.width();
    long scale = valmax <= width ? 1 : (valmax + width - 1) / width;
    int countSpace = neededSpace(valmax);
    int valSpace;
    if (linear) {
      var lin = (Histogram.Linear) h;
      // int arithmetic, as in the C
      valSpace =
          Math.max(
              neededSpace(lin.start()) + under,
              neededSpace(lin.start() + lin.interval() * high) + over);
    } else {
      valSpace =
          Math.max(
              neededSpace(Histogram.Log.bucketValue(high)),
              neededSpace(Histogram.Log.bucketValue(low)));
    }
    valSpace = Math.max(valSpace, 5); // sizeof("value")

    out.begin();
    out.padded(VALUE, valSpace);
    out.text(" |");
    out.end();
    for (int j = 0; j < width; j++) {
      out.begin();
      out.text("-");
      out.end();
    }
    out.begin();
    out.text(" count\n");
    out.end();

    boolean eliding = false;
    int elision = style.elision();
    for (int i = low; i <= high; i++) {
      if (elision >= 0) {
        int maxElide = Math.min(elision, buckets);
        int minBucket = low;
        int maxBucket = high;
        if (i - maxElide > minBucket) minBucket = i - maxElide;
        if (i + maxElide < maxBucket) maxBucket = i + maxElide;
        boolean elide = true;
        for (int k = minBucket; k <= maxBucket; k++) if (stat.bucket(k) != 0) elide = false;
        if (elide) {
          eliding = true;
          continue;
        }
        if (eliding) {
          out.begin();
          out.padded(EMPTY, valSpace);
          out.text(" ~\n");
          out.end();
          eliding = false;
        }
      }
      byte[] prefix = EMPTY;
      long val;
      if (linear) {
        var lin = (Histogram.Linear) h;
        if (i == 0) {
          val = lin.start();
          prefix = UNDER;
        } else if (i == buckets - 1) {
          val = lin.start() + (long) (i - 2) * lin.interval();
          prefix = OVER;
        } else {
          val = lin.start() + (long) (i - 1) * lin.interval();
        }
      } else {
        val = Histogram.Log.bucketValue(i);
      }
      out.begin();
      out.padded(prefix, valSpace - neededSpace(val));
      out.number(val, -1);
      out.text(" |");
      out.end();
      long v = stat.bucket(i) / scale;
      for (long j = 0; j < v; j++) {
        out.begin();
        out.text("@");
        out.end();
      }
      out.begin();
      out.number(stat.bucket(i), (int) (width - v + 1 + countSpace));
      out.text("\n");
      out.end();
    }
    out.begin();
    out.text("\n");
    out.end();
  }

  private static final byte[] VALUE = "value".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EMPTY = {};
  private static final byte[] UNDER = {'<'};
  private static final byte[] OVER = {'>'};

  /**
   * The text as a series of {@code _stp_snprintf} calls into a buffer of {@code size} bytes
   * (HIST_PRINTF): each call clamps its field widths to the room it is given and writes at most
   * that room minus one byte plus a NUL, so a full buffer keeps {@code size - 1} bytes.
   */
  private static final class Pieces {
    private final int size;
    private final Renderer renderer = new Renderer();
    private byte[] buf;
    private int cur;
    private int room; // of the current call
    private int pos;
    private int end;

    Pieces(int size) {
      this.size = size;
      this.buf = new byte[size == Integer.MAX_VALUE ? 4096 : size];
    }

    void begin() {
      room = size - cur;
      pos = cur;
      end = cur + Math.max(room, 0);
    }

    private void ensure(int n) {
      if (size != Integer.MAX_VALUE || end - pos < 0) return;
      if (pos + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
    }

    void text(String s) {
      ensure(s.length());
      for (int i = 0; i < s.length() && pos < end; i++) buf[pos++] = (byte) s.charAt(i);
    }

    /** {@code %*s}. */
    void padded(byte[] s, int width) {
      width = Math.min(Math.max(width, 0), Math.max(room, 0));
      ensure(Math.max(width, s.length));
      if (s.length < width) pos = fill(pos, width - s.length);
      int n = Math.min(s.length, end - pos);
      System.arraycopy(s, 0, buf, pos, n);
      pos += n;
    }

    private int fill(int at, int n) {
      int to = Math.min(end, at + n);
      Arrays.fill(buf, at, to, (byte) ' ');
      return to;
    }

    /** {@code %lld}, or {@code %*lld} when width >= 0. */
    void number(long v, int width) {
      if (width >= 0) width = Math.min(width, Math.max(room, 0));
      ensure(Math.max(width, 21));
      pos = renderer.number(buf, pos, end, v, 10, width, -1, Renderer.SIGN);
    }

    void end() {
      if (room <= 0) return; // the C returns at once for a negative size, writes nothing for 0
      // A call that fills its room puts the NUL on its last byte, and the buffer is full.
      cur = size != Integer.MAX_VALUE && pos == end ? size : pos;
    }

    byte[] result() {
      return Arrays.copyOf(buf, size == Integer.MAX_VALUE ? cur : Math.min(cur, size - 1));
    }
  }
}

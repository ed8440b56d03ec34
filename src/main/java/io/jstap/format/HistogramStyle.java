package io.jstap.format;

/**
 * How histograms are drawn: {@code -DHIST_WIDTH} (bar width, default 50) and {@code
 * -DHIST_ELISION} (zero rows kept around data, default 2; negative: keep every row), as in
 * runtime/stat-common.c.
 */
public record HistogramStyle(int width, int elision) {
  public static final HistogramStyle DEFAULT = new HistogramStyle(50, 2);

  public HistogramStyle {
    if (width < 1) throw new IllegalArgumentException("histogram width < 1");
  }
}

package io.jstap.format;

/**
 * Buffer sizes that cut SystemTap's output.
 *
 * @param printBufferSize the most bytes one printf writes (STP_BUFFER_SIZE, 8192, in
 *     runtime/transport/transport.h; compiled printfs clamp to it in translate.cxx)
 * @param maxStringLength MAXSTRINGLEN (128, {@code -D} changes it): sprintf and sprint keep at
 *     most {@code maxStringLength - 1} bytes
 */
public record FormatLimits(int printBufferSize, int maxStringLength) {
  public static final FormatLimits DEFAULT = new FormatLimits(8192, 128);

  public FormatLimits {
    if (printBufferSize < 1) throw new IllegalArgumentException("printBufferSize < 1");
    if (maxStringLength < 1) throw new IllegalArgumentException("maxStringLength < 1");
  }
}

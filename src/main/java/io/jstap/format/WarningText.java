package io.jstap.format;

import java.util.Arrays;

/** The line {@code warn(msg)} writes to standard error (_stp_vlog, runtime/linux/io.c). */
public final class WarningText {
  private WarningText() {}

  private static final byte[] PREFIX = "WARNING: ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** "WARNING: " and the message (up to its first NUL), with a newline added if it lacks one. */
  public static byte[] of(byte[] message) {
    int nul = StapFormat.indexOfNul(message, message.length);
    int len = nul < 0 ? message.length : nul;
    boolean newline = len > 0 && message[len - 1] == '\n';
    byte[] line = Arrays.copyOf(PREFIX, PREFIX.length + len + (newline ? 0 : 1));
    System.arraycopy(message, 0, line, PREFIX.length, len);
    if (!newline) line[line.length - 1] = '\n';
    return line;
  }
}

package io.jstap.cli;

import java.io.OutputStream;

/**
 * The flight recorder's memory buffer when there is no {@code -o}: the newest {@code capacity}
 * bytes of output, older ones overwritten, as stap's flight recorder keeps the newest data of
 * its in-kernel buffer. A snapshot starts at a line boundary (the partial oldest line is left
 * out).
 */
final class MemoryRing extends OutputStream {
  private final byte[] buffer;
  private long written;

  MemoryRing(int capacity) {
    this.buffer = new byte[capacity];
  }

  int capacity() {
    return buffer.length;
  }

  @Override
  public synchronized void write(int b) {
    buffer[(int) (written++ % buffer.length)] = (byte) b;
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    if (len >= buffer.length) { // only the newest bytes can stay
      off += len - buffer.length;
      written += len - buffer.length;
      len = buffer.length;
    }
    while (len > 0) {
      int at = (int) (written % buffer.length);
      int n = Math.min(len, buffer.length - at);
      System.arraycopy(b, off, buffer, at, n);
      written += n;
      off += n;
      len -= n;
    }
  }

  /** Bytes written since the start, kept or not. */
  synchronized long written() {
    return written;
  }

  /** What the buffer holds, oldest first, from the first whole line. */
  synchronized byte[] snapshot() {
    if (written <= buffer.length) return java.util.Arrays.copyOf(buffer, (int) written);
    byte[] out = new byte[buffer.length];
    int at = (int) (written % buffer.length);
    System.arraycopy(buffer, at, out, 0, buffer.length - at);
    System.arraycopy(buffer, 0, out, buffer.length - at, at);
    int first = 0;
    while (first < out.length && out[first] != '\n') first++;
    return java.util.Arrays.copyOfRange(out, Math.min(first + 1, out.length), out.length);
  }
}

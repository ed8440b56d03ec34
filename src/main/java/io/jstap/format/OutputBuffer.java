package io.jstap.format;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A byte buffer in front of an output stream, written in large chunks. Formatters render
 * straight into its array. Not thread-safe. I/O errors surface as {@link UncheckedIOException}.
 */
public final class OutputBuffer implements Flushable, Closeable {
  public static final int DEFAULT_CAPACITY = 1 << 16;

  private final OutputStream out;
  private byte[] buf;
  private int pos;

  public OutputBuffer(OutputStream out) {
    this(out, DEFAULT_CAPACITY);
  }

  public OutputBuffer(OutputStream out, int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity < 1");
    this.out = out;
    this.buf = new byte[capacity];
  }

  /** Bytes buffered and not yet written to the stream. */
  public int pending() {
    return pos;
  }

  public void write(int b) {
    if (pos == buf.length) drain();
    buf[pos++] = (byte) b;
  }

  public void write(byte[] b) {
    write(b, 0, b.length);
  }

  public void write(byte[] b, int off, int len) {
    while (len > 0) {
      if (pos == buf.length) drain();
      int n = Math.min(len, buf.length - pos);
      System.arraycopy(b, off, buf, pos, n);
      pos += n;
      off += n;
      len -= n;
    }
  }

  /** Makes room for {@code n} contiguous bytes and returns where they start in {@link #array}. */
  int reserve(int n) {
    if (buf.length - pos < n) {
      drain();
      if (buf.length < n) buf = new byte[n];
    }
    return pos;
  }

  byte[] array() {
    return buf;
  }

  /** Marks the array up to {@code newPosition} as written. */
  void commit(int newPosition) {
    pos = newPosition;
  }

  /** Writes the buffered bytes to the stream, without flushing the stream. */
  public void drain() {
    if (pos == 0) return;
    try {
      out.write(buf, 0, pos);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      pos = 0;
    }
  }

  /** Writes the buffered bytes and flushes the stream. */
  @Override
  public void flush() {
    drain();
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Flushes; the stream stays open (it is usually stdout). */
  @Override
  public void close() {
    flush();
  }
}

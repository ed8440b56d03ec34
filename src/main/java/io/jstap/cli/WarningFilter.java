package io.jstap.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code -w}: stderr without the script's {@code WARNING: ...} lines (warn(), lost records),
 * as staprun's {@code -w} suppresses them. Lines pass whole; other lines are untouched.
 */
final class WarningFilter extends OutputStream {
  private static final byte[] PREFIX = "WARNING: ".getBytes(StandardCharsets.US_ASCII);

  private final OutputStream out;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  WarningFilter(OutputStream out) {
    this.out = out;
  }

  @Override
  public void write(int b) throws IOException {
    line.write(b);
    if (b == '\n') emit();
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    for (int i = off; i < off + len; i++) write(b[i]);
  }

  private void emit() throws IOException {
    byte[] l = line.toByteArray();
    line.reset();
    boolean warning = l.length >= PREFIX.length
        && Arrays.equals(l, 0, PREFIX.length, PREFIX, 0, PREFIX.length);
    if (!warning) out.write(l);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (line.size() > 0) emit();
    out.flush();
  }
}

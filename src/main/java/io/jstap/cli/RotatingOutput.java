package io.jstap.cli;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code -o FILE -S SIZE_MB,COUNT}: output into {@code FILE.0}, {@code FILE.1}, ... as staprun
 * names them (runtime/staprun/relay.c, {@code make_outfile_name} in stream mode): a new file is
 * started when the next line would take the current one past SIZE, and once COUNT files exist
 * the oldest is removed with each new one. Files change only between lines, so that no line is
 * split across two files (a single line longer than SIZE stays whole in one file).
 */
final class RotatingOutput extends OutputStream {
  private final Path base;
  private final long maxBytes;
  private final int maxFiles;
  private OutputStream file;
  private int number = -1;
  private long size;
  /** The start of a line not ended yet (it goes into one file, whole). */
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  /** Whether a line longer than a file is being written (it continues in the current file). */
  private boolean longLine;

  RotatingOutput(Path base, long maxBytes, int maxFiles) throws IOException {
    this.base = base;
    this.maxBytes = maxBytes;
    this.maxFiles = maxFiles;
    next();
  }

  /** The name of file number {@code n}: {@code FILE.n}. */
  static Path fileNumber(Path base, int n) {
    return base.resolveSibling(base.getFileName() + "." + n);
  }

  private void next() throws IOException {
    if (file != null) file.close();
    number++;
    if (maxFiles > 0 && number >= maxFiles) Files.deleteIfExists(fileNumber(base, number - maxFiles));
    file = new FileOutputStream(fileNumber(base, number).toFile());
    size = 0;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    int end = off + len;
    int at = off;
    while (at < end) {
      int nl = at;
      while (nl < end && b[nl] != '\n') nl++;
      if (nl == end) { // the start of a line: kept until it is whole, or too long to wait for
        if (longLine) {
          put(b, at, end - at);
        } else {
          partial.write(b, at, end - at);
          if (partial.size() > maxBytes) {
            if (size > 0) next();
            put(partial.toByteArray(), 0, partial.size());
            partial.reset();
            longLine = true;
          }
        }
        return;
      }
      int piece = nl + 1 - at;
      if (longLine) {
        put(b, at, piece);
        longLine = false;
      } else {
        if (size > 0 && size + partial.size() + piece > maxBytes) next();
        if (partial.size() > 0) {
          put(partial.toByteArray(), 0, partial.size());
          partial.reset();
        }
        put(b, at, piece);
      }
      at += piece;
    }
  }

  private void put(byte[] b, int off, int len) throws IOException {
    file.write(b, off, len);
    size += len;
  }

  @Override
  public void flush() throws IOException {
    file.flush();
  }

  @Override
  public void close() throws IOException {
    if (partial.size() > 0) { // output that did not end its last line
      if (size > 0 && size + partial.size() > maxBytes) next();
      put(partial.toByteArray(), 0, partial.size());
      partial.reset();
    }
    file.close();
  }
}

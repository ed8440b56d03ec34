package io.jstap.cli;

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
  /** Whether the next byte starts a line. */
  private boolean lineStart = true;

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
      int piece = (nl < end ? nl + 1 : end) - at; // a line, or the start of one
      if (lineStart && size > 0 && size + piece > maxBytes) next();
      file.write(b, at, piece);
      size += piece;
      at += piece;
      lineStart = b[at - 1] == '\n';
    }
  }

  @Override
  public void flush() throws IOException {
    file.flush();
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}

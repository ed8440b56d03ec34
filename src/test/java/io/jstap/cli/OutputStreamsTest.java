package io.jstap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -S rotation, -w filtering and the flight recorder's memory buffer. */
class OutputStreamsTest {
  @TempDir Path dir;

  /** Lines of random lengths written in chunks that split lines anywhere. */
  private static List<String> flood(RotatingOutputWriter out, int lines, long seed) throws IOException {
    var random = new Random(seed);
    var written = new ArrayList<String>();
    var pending = new ByteArrayOutputStream();
    for (int i = 0; i < lines; i++) {
      String line = "line " + i + " " + "x".repeat(random.nextInt(200));
      written.add(line);
      pending.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
      if (random.nextInt(10) == 0) {
        out.write(pending.toByteArray(), random);
        pending.reset();
      }
    }
    out.write(pending.toByteArray(), random);
    out.close();
    return written;
  }

  /** Writes through a RotatingOutput in chunks of random sizes. */
  private record RotatingOutputWriter(RotatingOutput out) {
    void write(byte[] b, Random random) throws IOException {
      int at = 0;
      while (at < b.length) {
        int n = Math.min(b.length - at, 1 + random.nextInt(700));
        out.write(b, at, n);
        at += n;
      }
    }

    void close() throws IOException {
      out.close();
    }
  }

  @Test
  void rotatedFilesHoldEveryLineOnceAndNeverSplitOne() throws IOException {
    Path base = dir.resolve("out");
    var written = flood(new RotatingOutputWriter(new RotatingOutput(base, 10_000, 0)), 20_000, 1);
    var read = new ArrayList<String>();
    int files = 0;
    for (int n = 0; Files.exists(RotatingOutput.fileNumber(base, n)); n++) {
      Path f = RotatingOutput.fileNumber(base, n);
      String text = Files.readString(f);
      assertThat(Files.size(f)).as(f.toString()).isLessThanOrEqualTo(10_000);
      assertThat(text).as(f.toString()).endsWith("\n");
      read.addAll(text.lines().toList());
      files++;
    }
    assertThat(files).isGreaterThan(100);
    assertThat(read).isEqualTo(written);
    assertThat(dir.resolve("out")).doesNotExist(); // stap writes FILE.0, FILE.1, ... only
  }

  @Test
  void onlyTheNewestCountFilesAreKept() throws IOException {
    Path base = dir.resolve("trace.log");
    var written = flood(new RotatingOutputWriter(new RotatingOutput(base, 4096, 3)), 5_000, 2);
    var names = Files.list(dir).map(p -> p.getFileName().toString()).sorted().toList();
    assertThat(names).hasSize(3);
    int first = Integer.MAX_VALUE;
    for (String n : names) first = Math.min(first, Integer.parseInt(n.substring("trace.log.".length())));
    var read = new ArrayList<String>();
    for (int n = first; n < first + 3; n++) {
      read.addAll(Files.readString(RotatingOutput.fileNumber(base, n)).lines().toList());
    }
    // The kept files are the newest lines, whole and in order.
    assertThat(written.subList(written.size() - read.size(), written.size())).isEqualTo(read);
  }

  @Test
  void aLineLongerThanAFileStaysWhole() throws IOException {
    Path base = dir.resolve("big");
    var out = new RotatingOutput(base, 100, 0);
    out.write(("a\n" + "b".repeat(500) + "\nc\n").getBytes(StandardCharsets.US_ASCII));
    out.close();
    assertThat(Files.readString(RotatingOutput.fileNumber(base, 0))).isEqualTo("a\n");
    assertThat(Files.readString(RotatingOutput.fileNumber(base, 1))).isEqualTo("b".repeat(500) + "\n");
    assertThat(Files.readString(RotatingOutput.fileNumber(base, 2))).isEqualTo("c\n");
  }

  @Test
  void warningFilterDropsWarningLinesOnly() throws IOException {
    var sink = new ByteArrayOutputStream();
    var f = new WarningFilter(sink);
    byte[] text = "ERROR: x\nWARNING: y\nWARN\nING: z\nWARNING: partial".getBytes(StandardCharsets.US_ASCII);
    for (byte b : text) f.write(b); // one byte at a time: lines cut anywhere
    f.close();
    assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo("ERROR: x\nWARN\nING: z\n");
  }

  @Test
  void memoryRingKeepsTheNewestWholeLines() {
    var ring = new MemoryRing(64);
    ring.write("first\n".getBytes(StandardCharsets.US_ASCII), 0, 6);
    assertThat(new String(ring.snapshot(), StandardCharsets.US_ASCII)).isEqualTo("first\n");
    var all = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      byte[] b = ("line " + i + "\n").getBytes(StandardCharsets.US_ASCII);
      ring.write(b, 0, b.length);
      all.append("line ").append(i).append('\n');
    }
    String kept = new String(ring.snapshot(), StandardCharsets.US_ASCII);
    assertThat(kept).startsWith("line ").endsWith("line 99\n");
    assertThat(all.toString()).endsWith(kept);
    assertThat(kept.length()).isLessThanOrEqualTo(64);
    byte[] huge = "y".repeat(1000).getBytes(StandardCharsets.US_ASCII);
    ring.write(huge, 0, huge.length);
    assertThat(ring.snapshot()).isEmpty(); // no whole line left
    assertThat(ring.written()).isEqualTo(6 + all.length() + 1000);
  }
}

package io.jstap.dropwatch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A program run on a real pseudo-terminal, through util-linux's {@code script}: what the test
 * writes arrives as typed keys (Ctrl-C becomes SIGINT through the terminal's line discipline),
 * and what the program prints is read back with the terminal's escape sequences removed.
 */
final class PseudoTerminal implements AutoCloseable {
  /** CSI and other escape sequences, OSC strings, carriage returns. */
  private static final Pattern ESCAPES =
      Pattern.compile("\u001B\\[[0-9;?<=>$!]*[ -/]*[@-~]|\u001B\\][^\u0007]*\u0007|\u001B[=>()][0-9A-Za-z]?|\r");

  private final Process process;
  private final OutputStream keys;
  private final StringBuffer raw = new StringBuffer();
  private final Thread reader;
  private int consumed;

  private PseudoTerminal(Process process) {
    this.process = process;
    this.keys = process.getOutputStream();
    InputStream in = process.getInputStream();
    this.reader = Thread.ofVirtual().start(() -> {
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) > 0; ) raw.append(new String(buf, 0, n, StandardCharsets.UTF_8));
      } catch (IOException e) {
        // the terminal closed
      }
    });
  }

  /** Runs {@code command} on a new pseudo-terminal (TERM=xterm-256color); {@code work} gets a start script. */
  static PseudoTerminal run(Path work, List<String> command) throws IOException {
    Path start = work.resolve("start.sh");
    var sh = new StringBuilder("#!/bin/sh\nexec");
    for (String arg : command) sh.append(" '").append(arg.replace("'", "'\\''")).append('\'');
    Files.writeString(start, sh.append('\n').toString());
    Files.setPosixFilePermissions(start, PosixFilePermissions.fromString("rwx------"));
    var pb = new ProcessBuilder("script", "--quiet", "--flush", "--return", "--command", start.toString(), "/dev/null");
    pb.environment().put("TERM", "xterm-256color");
    pb.redirectErrorStream(true);
    return new PseudoTerminal(pb.start());
  }

  /** Types {@code text} ({@code \r} is Enter, {@code \u0003} Ctrl-C, {@code \t} Tab). */
  void type(String text) throws IOException {
    keys.write(text.getBytes(StandardCharsets.UTF_8));
    keys.flush();
  }

  /**
   * What the screen showed so far, without escape sequences. A sequence still arriving is left
   * out until it is whole, so that the text only ever grows (expectations keep their place).
   */
  String screen() {
    String r = raw.toString();
    int esc = r.lastIndexOf('\u001B');
    if (esc >= 0 && !ESCAPES.matcher(r).region(esc, r.length()).lookingAt()) r = r.substring(0, esc);
    return ESCAPES.matcher(r).replaceAll("");
  }

  /** Waits for {@code regex} after what earlier expectations consumed; returns the match. */
  Matcher expect(String regex, long seconds) throws InterruptedException {
    Pattern p = Pattern.compile(regex);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      String s = screen();
      Matcher m = p.matcher(s);
      if (m.find(Math.min(consumed, s.length()))) {
        consumed = m.end();
        return m;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no /" + regex + "/ on the terminal after:\n" + s.substring(Math.min(consumed, s.length()))
            + "\n---- whole screen ----\n" + s);
      }
      Thread.sleep(20);
    }
  }

  /** The screen after the last expectation. */
  String rest() {
    String s = screen();
    return s.substring(Math.min(consumed, s.length()));
  }

  int exitCode(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) throw new AssertionError("still running:\n" + screen());
    reader.join(2000);
    return process.exitValue();
  }

  /** The processes running on the terminal (the command and its children). */
  java.util.stream.Stream<ProcessHandle> descendants() {
    return process.descendants();
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}

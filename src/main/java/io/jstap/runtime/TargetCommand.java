package io.jstap.runtime;

import io.jstap.kernel.ProcessSignals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;


/**
 * The {@code -c CMD} command. It is created stopped, so that {@code target()} knows its pid
 * from the first begin probe on, and it runs only once every probe is attached: no event of its
 * first instructions is missed. A shell stops itself, then execs the command (the pid stays).
 */
public final class TargetCommand implements AutoCloseable {
  private final Process process;
  private boolean started;

  private TargetCommand(Process process) {
    this.process = process;
  }

  /** Starts {@code command} (a shell command line) stopped, waiting until it is. */
  public static TargetCommand prepare(String command) {
    try {
      Process p = new ProcessBuilder("/bin/sh", "-c", "kill -STOP $$; exec " + resolved(command))
          .inheritIO().start();
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (!isStopped(p.pid())) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          p.destroyForcibly();
          throw new IllegalStateException("could not start the command: " + command);
        }
        Thread.onSpinWait();
      }
      return new TargetCommand(p);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the command: " + command, e);
    }
  }

  /**
   * The command with its program found on PATH here, so the shell execs it directly (the
   * failed execs of a PATH search would otherwise be the target's first system calls).
   */
  static String resolved(String command) {
    String c = command.strip();
    int end = 0;
    while (end < c.length() && !Character.isWhitespace(c.charAt(end))) end++;
    String program = c.substring(0, end);
    if (program.isEmpty() || program.contains("/") || !program.matches("[A-Za-z0-9._+-]+")) {
      return command;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (dir.isEmpty()) continue;
      Path p = Path.of(dir, program);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) return p + c.substring(end);
    }
    return command;
  }

  private static boolean isStopped(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // pid (comm) state ...: the state follows the last ')'
      int close = stat.lastIndexOf(')');
      return close > 0 && stat.length() > close + 2 && stat.charAt(close + 2) == 'T';
    } catch (IOException e) {
      return false;
    }
  }

  public long pid() {
    return process.pid();
  }

  /**
   * Lets the command run (SIGCONT), sent with kill(2) itself: a {@code kill} process would be
   * an exec and system calls of jstap's own among the traced events.
   */
  public void start() {
    if (started) return;
    started = true;
    try {
      ProcessSignals.send(process.pid(), ProcessSignals.SIGCONT);
    } catch (IllegalStateException e) {
      // the command is gone already (killed from outside): the session sees it ended
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The command's exit status, once it has ended. */
  public int exitValue() {
    return process.exitValue();
  }

  /** Ends the command if the session ends first (SystemTap kills it too). */
  @Override
  public void close() {
    if (!started) start();
    if (process.isAlive()) {
      process.destroy();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

}

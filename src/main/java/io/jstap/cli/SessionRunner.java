package io.jstap.cli;

import io.jstap.codegen.CompiledScript;
import io.jstap.kernel.KernelConfig;
import io.jstap.runtime.Session;
import io.jstap.runtime.TargetCommand;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * Pass 5 as the command line asks for it: where the output goes ({@code -o}, {@code -S}, stdout),
 * its format ({@code --format}), {@code -w}, {@code -c}, {@code -T}, {@code -x}, and Ctrl-C or
 * SIGTERM ending the session cleanly. Shared by {@code jstap SCRIPT}, {@code jstap run
 * MODULE} and the flight recorder.
 */
final class SessionRunner {
  private final SessionSettings settings;
  private final PrintWriter out;
  private final PrintWriter err;
  private final OutputStream rawOut;
  private final OutputStream rawErr;

  /**
   * @param rawOut stdout as bytes when jstap runs as a process (traced output goes there
   *     directly), or null to write through {@code out} (in-process runs)
   */
  SessionRunner(SessionSettings settings, PrintWriter out, PrintWriter err, OutputStream rawOut,
      OutputStream rawErr) {
    this.settings = settings;
    this.out = out;
    this.err = err;
    this.rawOut = rawOut;
    this.rawErr = rawErr;
  }

  /**
   * Runs {@code compiled} with its output where {@code -o} and {@code -S} say.
   *
   * @param start when the command began, for {@code -v} timings
   */
  int run(CompiledScript compiled, long start) {
    OutputStream stdout;
    try {
      stdout = scriptOutput();
    } catch (IOException e) {
      err.println("jstap: cannot write " + settings.outputFile() + ": " + e.getMessage());
      err.flush();
      return 1;
    }
    return run(compiled, start, stdout, settings.outputFile() != null, null, null);
  }

  /** The script's output as {@code -o} and {@code -S} ask: a file, rotated files, or stdout. */
  OutputStream scriptOutput() throws IOException {
    if (settings.outputFile() == null) return rawOut != null ? rawOut : new WriterOutputStream(out);
    if (settings.rotation() != null) {
      return new RotatingOutput(settings.outputFile(), settings.rotation().bytesPerFile(),
          settings.rotation().maxFiles());
    }
    return new FileOutputStream(settings.outputFile().toFile());
  }

  /**
   * Runs {@code compiled} writing to {@code stdout}.
   *
   * @param closeOutput close {@code stdout} at the end (else it is flushed)
   * @param started called once every probe is attached (or null)
   * @param session given the session before it starts (or null), e.g. to stop it later
   */
  int run(CompiledScript compiled, long start, OutputStream stdout, boolean closeOutput,
      Runnable started, Consumer<Session> session) {
    OutputStream stderr = rawErr != null ? rawErr : new WriterOutputStream(err);
    if (settings.noWarnings()) stderr = new WarningFilter(stderr);
    TargetCommand command = null;
    if (settings.command() != null) {
      try {
        command = TargetCommand.prepare(settings.command());
      } catch (RuntimeException e) {
        err.println("jstap: " + e.getMessage());
        err.flush();
        return 1;
      }
    }
    Consumer<String> verbose = settings.verbosity() > 0 ? m -> {
      err.println("Pass 5: " + m + " (" + (System.nanoTime() - start) / 1_000_000 + " ms)");
      err.flush();
    } : null;
    long jiffy = 1_000_000_000L / Math.max(1, kernelHz());
    var s = new Session(compiled, new Session.Options(settings.targetPid(), command,
        (long) (settings.timeoutSeconds() * 1000), verbose, jiffy,
        settings.format() == SessionSettings.OutputFormat.JSON, started), stdout, stderr);
    if (session != null) session.accept(s);
    Signals.onInterrupt(s::stop);
    try {
      return s.run();
    } finally {
      Signals.reset();
      try {
        if (closeOutput) stdout.close();
        else stdout.flush();
        stderr.flush();
        if (stderr instanceof WarningFilter w) w.close();
      } catch (IOException e) {
        err.println("jstap: " + e.getMessage());
      }
      out.flush();
      err.flush();
    }
  }

  private static int kernelHz() {
    return KernelConfig.running().option("CONFIG_HZ").map(v -> {
      try {
        return Integer.parseInt(v.strip());
      } catch (NumberFormatException e) {
        return 250;
      }
    }).orElse(250);
  }
}

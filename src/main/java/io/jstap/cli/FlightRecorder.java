package io.jstap.cli;

import io.jstap.codegen.CompiledScript;
import io.jstap.module.ScriptModule;
import io.jstap.module.ModuleFile;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code -F}: starts a flight recorder. The compiled module goes into the recorders' folder,
 * and a new jstap runs it in the background ({@code jstap run --recorder ID MODULE}, in its own
 * session, as {@code setsid} makes it, so that closing the terminal does not end it). This
 * jstap waits until the recorder has attached every probe (its socket appears) or has failed
 * (its log says why), then says how to reach it and exits.
 *
 * <p>stap's flight recorder is reached with {@code staprun -A MODULE} and stopped by unloading
 * the module; jstap's with {@code jstap attach ID} (output so far, then live; Ctrl-C detaches)
 * and {@code jstap stop ID} (end probes run, everything detaches, the memory buffer is printed).
 * SIGTERM to the recorder's pid stops it too.
 */
final class FlightRecorder {
  private static final long START_TIMEOUT_NANOS = 60_000_000_000L;

  private final SessionSettings settings;
  private final PrintWriter out;
  private final PrintWriter err;

  FlightRecorder(SessionSettings settings, PrintWriter out, PrintWriter err) {
    this.settings = settings;
    this.out = out;
    this.err = err;
  }

  /**
   * Starts a recorder running {@code module}.
   *
   * @param id the recorder's name ({@code -m NAME}), or null for {@code jstap_PID}
   */
  int start(ScriptModule module, String id) {
    if (id == null) id = "jstap_" + ProcessHandle.current().pid();
    try {
      Path dir = RecorderChannel.directory();
      try (SocketChannel running = RecorderChannel.connect(dir, id, "status")) {
        if (running != null) {
          err.println("jstap: a flight recorder named " + id + " is running already: stop it"
              + " first (jstap stop " + id + "), or name this one with -m NAME");
          err.flush();
          return 1;
        }
      }
      Path moduleFile = RecorderChannel.module(dir, id);
      ModuleFile.write(module, moduleFile);
      Path log = RecorderChannel.log(dir, id);
      Files.deleteIfExists(RecorderChannel.socket(dir, id));
      Process p = new ProcessBuilder(command(id, moduleFile))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(log.toFile()).redirectErrorStream(true).start();
      long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
      while (true) {
        if (Files.exists(RecorderChannel.socket(dir, id))) {
          try (SocketChannel ch = RecorderChannel.connect(dir, id, "status")) {
            if (ch != null && RecorderChannel.read(ch) != null) break;
          }
        }
        if (!p.isAlive()) {
          err.print(Files.readString(log, StandardCharsets.UTF_8));
          err.println("jstap: the flight recorder did not start");
          err.flush();
          Files.deleteIfExists(log);
          Files.deleteIfExists(moduleFile);
          return p.exitValue() == 0 ? 1 : p.exitValue();
        }
        if (System.nanoTime() > deadline) {
          p.destroy();
          err.println("jstap: the flight recorder did not start within a minute (log: " + log + ")");
          err.flush();
          return 1;
        }
        Thread.sleep(20);
      }
      String where = settings.outputFile() == null
          ? "keeping the newest " + (CompiledScript.ringBufferBytes(module.maps()) >> 20)
              + " MiB of its output in memory"
          : "writing its output to " + settings.outputFile().toAbsolutePath()
              + (settings.rotation() != null ? ".0, .1, ..." : "");
      out.println("jstap: flight recorder " + id + " is running in the background (pid "
          + p.pid() + "), " + where + (where.endsWith(".") ? "" : "."));
      out.println("  jstap attach " + id + "    shows its output (Ctrl-C detaches; it keeps running)");
      out.println("  jstap stop " + id + "      stops it: end probes run, everything detaches");
      out.flush();
      return 0;
    } catch (IOException e) {
      err.println("jstap: cannot start the flight recorder: " + e.getMessage());
      err.flush();
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /** The command line of the background jstap: this JVM's, running {@code jstap run --recorder}. */
  private List<String> command(String id, Path moduleFile) {
    var cmd = new ArrayList<String>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) cmd.add("/usr/bin/setsid");
    cmd.add(ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    boolean recordersGiven = false;
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("-agentlib:jdwp") || a.startsWith("-XX:AOTCacheOutput")) continue;
      if (a.startsWith("-Djstap.recorders=")) recordersGiven = true;
      cmd.add(a);
    }
    String recorders = System.getProperty("jstap.recorders");
    if (recorders != null && !recordersGiven) cmd.add("-Djstap.recorders=" + recorders);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.add("run");
    cmd.add("--recorder");
    cmd.add(id);
    if (settings.outputFile() != null) {
      cmd.add("-o");
      // expanded already: the recorder must not expand it again
      cmd.add(OutputFileName.escape(settings.outputFile().toAbsolutePath().toString()));
    }
    if (settings.rotation() != null) {
      cmd.add("-S");
      cmd.add((settings.rotation().bytesPerFile() >> 20) + (settings.rotation().maxFiles() > 0
          ? "," + settings.rotation().maxFiles() : ""));
    }
    if (settings.targetPid() != 0) {
      cmd.add("-x");
      cmd.add(Long.toString(settings.targetPid()));
    }
    if (settings.timeoutSeconds() > 0) {
      cmd.add("-T");
      cmd.add(Double.toString(settings.timeoutSeconds()));
    }
    if (settings.format() == SessionSettings.OutputFormat.JSON) {
      cmd.add("--format");
      cmd.add("json");
    }
    if (settings.noWarnings()) cmd.add("-w");
    for (int i = 0; i < settings.verbosity(); i++) cmd.add("-v");
    cmd.add(moduleFile.toString());
    return cmd;
  }
}

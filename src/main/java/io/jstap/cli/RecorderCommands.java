package io.jstap.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jstap attach} and {@code jstap stop}: the flight recorder's controls. */
final class RecorderCommands {
  private RecorderCommands() {}

  /** {@code jstap attach [ID]}, as {@code staprun -A}: the output so far, then live. */
  @Command(
      name = "attach",
      mixinStandardHelpOptions = true,
      description = {
        "Show a flight recorder's output (jstap -F): what its memory buffer holds, then its"
            + " output as it comes. Ctrl-C detaches; the recorder keeps running. ID may be left"
            + " out when one recorder runs.",
      })
  static final class Attach implements Callable<Integer> {
    @Spec CommandSpec spec;

    private final Main.Console console;

    Attach(Main.Console console) {
      this.console = console;
    }

    @Parameters(arity = "0..1", paramLabel = "ID", description = "The recorder's name.")
    String id;

    @Override
    public Integer call() {
      return talk(spec, console, id, "attach");
    }
  }

  /** {@code jstap stop [ID]}: ends a flight recorder cleanly. */
  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = {
        "Stop a flight recorder (jstap -F) as Ctrl-C stops a script: its end probes run, the"
            + " globals are printed, every probe is detached. Prints what its memory buffer"
            + " holds (when it has no -o file) and what it wrote to stderr; exits with its exit"
            + " status. ID may be left out when one recorder runs.",
      })
  static final class Stop implements Callable<Integer> {
    @Spec CommandSpec spec;

    private final Main.Console console;

    Stop(Main.Console console) {
      this.console = console;
    }

    @Parameters(arity = "0..1", paramLabel = "ID", description = "The recorder's name.")
    String id;

    @Override
    public Integer call() {
      return talk(spec, console, id, "stop");
    }
  }

  private static int talk(CommandSpec spec, Main.Console console, String id, String command) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path dir;
    try {
      dir = RecorderChannel.directory();
      if (id == null) {
        List<String> running = RecorderChannel.recorders(dir);
        if (running.isEmpty()) {
          err.println("jstap: no flight recorder is running (start one with jstap -F)");
          return 1;
        }
        if (running.size() > 1) {
          err.println("jstap: several flight recorders are running; name one: "
              + String.join(", ", running));
          return 2;
        }
        id = running.getFirst();
      }
    } catch (IOException e) {
      err.println("jstap: cannot read the recorders' folder: " + e.getMessage());
      return 1;
    }
    try {
      RecorderChannel.recorders(dir); // removes what dead recorders left behind
    } catch (IOException e) {
      // the connection attempt below reports the problem
    }
    try (SocketChannel ch = RecorderChannel.connect(dir, id, command)) {
      if (ch == null) {
        err.println("jstap: no flight recorder named " + id + " is running"
            + running(dir));
        return 1;
      }
      OutputStream raw = console.rawOut();
      while (true) {
        RecorderChannel.Frame f = RecorderChannel.read(ch);
        if (f == null) {
          err.println("jstap: the flight recorder " + id + " went away");
          return 1;
        }
        switch (f.kind()) {
          case RecorderChannel.OUTPUT -> {
            if (raw != null) {
              try {
                raw.write(f.payload());
                raw.flush();
              } catch (IOException e) {
                return 0; // stdout closed (| head): the reader has seen enough; detach
              }
            } else {
              out.print(new String(f.payload(), StandardCharsets.UTF_8));
              out.flush();
            }
          }
          case RecorderChannel.ERRORS -> {
            err.print(new String(f.payload(), StandardCharsets.UTF_8));
            err.flush();
          }
          case RecorderChannel.NOTE -> {
            err.println(new String(f.payload(), StandardCharsets.UTF_8));
            err.flush();
          }
          case RecorderChannel.STATUS -> {
            return command.equals("stop") ? f.status() : 0;
          }
          default -> {
            err.println("jstap: the flight recorder sent something unexpected");
            return 1;
          }
        }
      }
    } catch (IOException e) {
      err.println("jstap: lost the flight recorder " + id + ": " + e.getMessage());
      return 1;
    } finally {
      out.flush();
      err.flush();
    }
  }

  private static String running(Path dir) {
    try {
      List<String> ids = RecorderChannel.recorders(dir);
      return ids.isEmpty() ? "" : " (running: " + String.join(", ", ids) + ")";
    } catch (IOException e) {
      return "";
    }
  }
}

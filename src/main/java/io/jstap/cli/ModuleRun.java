package io.jstap.cli;

import io.jstap.module.ModuleException;
import io.jstap.module.ModuleFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code jstap run [OPTIONS] MODULE}: runs a module that {@code jstap -p4} wrote, as staprun runs
 * a .ko, without compiling anything. Its command line is read without picocli, like a
 * script's, because the time to attach matters as much here (picocli's classes cost some
 * 140 ms of start-up); picocli only shows its help.
 */
final class ModuleRun {
  /** The stap options {@code jstap run} takes, with their stap meanings. */
  static final Set<StapOption> OPTIONS = EnumSet.of(StapOption.OUTPUT, StapOption.ROTATE,
      StapOption.TARGET_PID, StapOption.COMMAND, StapOption.TIMEOUT, StapOption.FLIGHT_RECORDER,
      StapOption.MODULE_NAME, StapOption.FORMAT, StapOption.NO_WARNINGS, StapOption.VERBOSE,
      StapOption.HELP);

  static final String DESCRIPTION = "Run a compiled module (NAME.bo, from jstap -p4 -m NAME"
      + " SCRIPT) without compiling anything: its BPF programs are loaded as they are. A damaged"
      + " module, or one compiled for another kernel, is refused with the reason. With -F, -m"
      + " names the flight recorder.";

  /**
   * What {@code jstap run} was asked.
   *
   * @param recorderName {@code -m NAME}: the flight recorder's name (with -F)
   * @param recorderId the hidden {@code --recorder ID}: run as the background half of a flight
   *     recorder
   */
  record Request(Path module, SessionSettings settings, String recorderName, String recorderId) {}

  private ModuleRun() {}

  /** Parses {@code run}'s arguments (after the word {@code run}); null asks for help. */
  static Request parse(String[] args) throws StapArguments.UsageException {
    long pid = 0;
    String command = null;
    double timeout = 0;
    Path output = null;
    SessionSettings.Rotation rotation = null;
    boolean flight = false;
    String name = null;
    String recorder = null;
    var format = SessionSettings.OutputFormat.TEXT;
    boolean noWarnings = false;
    int verbosity = 0;
    Path module = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) return null;
      if (a.equals("--recorder") || a.startsWith("--format")) {
        String value;
        int eq = a.indexOf('=');
        if (eq > 0) {
          value = a.substring(eq + 1);
          a = a.substring(0, eq);
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          throw new StapArguments.UsageException(a + " needs a value");
        }
        if (a.equals("--recorder")) {
          recorder = value;
        } else if (a.equals("--format")) {
          format = SessionSettings.OutputFormat.named(value);
          if (format == null) {
            throw new StapArguments.UsageException("--format takes text or json, not '" + value + "'");
          }
        } else {
          throw new StapArguments.UsageException("unknown option '" + a + "'");
        }
        continue;
      }
      if (!a.startsWith("-") || a.length() == 1) {
        if (module != null) {
          throw new StapArguments.UsageException("run takes one module, not '" + module + "' and '"
              + a + "' (a module keeps the arguments it was compiled with)");
        }
        module = Path.of(a);
        continue;
      }
      if (a.startsWith("--")) throw new StapArguments.UsageException("unknown option '" + a + "'");
      for (int k = 1; k < a.length(); k++) {
        StapOption o = StapOption.byLetter(a.charAt(k));
        if (o == null || !OPTIONS.contains(o)) {
          throw new StapArguments.UsageException("run: unknown option '-" + a.charAt(k) + "'"
              + (o != null ? " (" + o.optionName() + " is for compiling a script)" : ""));
        }
        if (!o.takesValue()) {
          switch (o) {
            case VERBOSE -> verbosity++;
            case FLIGHT_RECORDER -> flight = true;
            case NO_WARNINGS -> noWarnings = true;
            default -> throw new IllegalStateException(o.name());
          }
          continue;
        }
        String value;
        if (k + 1 < a.length()) {
          value = a.substring(k + 1);
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          throw new StapArguments.UsageException(o.optionName() + " needs a value: "
              + o.optionName() + " " + o.valueLabel());
        }
        switch (o) {
          case OUTPUT -> {
            if (value.isEmpty()) throw new StapArguments.UsageException("-o needs a file name");
            output = OutputFileName.expand(value, java.time.ZonedDateTime.now());
          }
          case ROTATE -> {
            rotation = SessionSettings.Rotation.parse(value);
            if (rotation == null) {
              throw new StapArguments.UsageException("-S takes SIZE_MB or SIZE_MB,COUNT"
                  + " (positive numbers, e.g. -S 10,5), not '" + value + "'");
            }
          }
          case TARGET_PID -> {
            try {
              pid = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
              pid = -1;
            }
            if (pid < 1) throw new StapArguments.UsageException("-x takes a pid, not '" + value + "'");
          }
          case COMMAND -> command = value;
          case TIMEOUT -> timeout = StapArguments.seconds(value);
          case MODULE_NAME -> {
            if (!value.matches("[A-Za-z0-9_]{1,55}")) {
              throw new StapArguments.UsageException("-m " + value + ": a name is 1 to 55"
                  + " letters, digits and underscores");
            }
            name = value;
          }
          default -> throw new IllegalStateException(o.name());
        }
        break;
      }
    }
    if (module == null) {
      throw new StapArguments.UsageException("run needs a module: jstap run NAME.bo (made with"
          + " jstap -p4 -m NAME SCRIPT)");
    }
    var settings = new SessionSettings(pid, command, timeout, output, rotation,
        flight || recorder != null, format, noWarnings, verbosity);
    String misuse = settings.misuse();
    if (misuse != null) throw new StapArguments.UsageException(misuse);
    if (name != null && !flight) {
      throw new StapArguments.UsageException("-m names a flight recorder: it goes with -F (a"
          + " module keeps the name it was compiled with)");
    }
    if (recorder != null && !recorder.matches("[A-Za-z0-9_]{1,55}")) {
      throw new StapArguments.UsageException("--recorder takes a name");
    }
    return new Request(module, settings, name, recorder);
  }

  /** Runs the request; returns the exit status. */
  static int run(Request r, Main.Console console) {
    long start = System.nanoTime();
    PrintWriter out = console.out();
    PrintWriter err = console.err();
    try {
      var compiled = new ModuleLoader(err, r.settings().verbosity()).load(r.module(), start);
      if (compiled == null) return 1;
      var runner = new SessionRunner(r.settings(), out, err, console.rawOut(), console.rawErr());
      if (r.recorderId() != null) {
        return new RecorderDaemon(r.recorderId(), RecorderChannel.directory(), r.settings(),
            runner, err).run(compiled, start);
      }
      if (r.settings().flightRecorder()) {
        return new FlightRecorder(r.settings(), out, err).start(ModuleFile.read(r.module()),
            r.recorderName());
      }
      return runner.run(compiled, start);
    } catch (IOException e) {
      err.println("jstap: cannot open the recorders' folder: " + e.getMessage());
      return 1;
    } catch (ModuleException e) {
      err.println("jstap: " + e.getMessage());
      return 1;
    } finally {
      out.flush();
      err.flush();
    }
  }
}

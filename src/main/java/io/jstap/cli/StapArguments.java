package io.jstap.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads jstap's stap-style command line without a framework, so that running a script starts
 * fast: {@code jstap [OPTIONS] (-e SCRIPT | FILE | -) [ARGS...]}. As stap (GNU getopt), options
 * may come after the script too ({@code jstap s.stp -c ls}); arguments after {@code --} are
 * never options ({@code jstap s.stp -- -x} gives the script a "-x").
 */
final class StapArguments {
  private StapArguments() {}

  /** What the command line asks for. */
  sealed interface Request {}

  record Run(ScriptOptions options) implements Request {}

  record Help() implements Request {}

  record Version() implements Request {}

  /** A misuse of the command line: exit status 2 with this message. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  static Request parse(String[] args) throws UsageException {
    String inline = null;
    int pass = ScriptOptions.RUN;
    boolean passGiven = false;
    int verbosity = 0;
    var includes = new ArrayList<Path>();
    var defines = new LinkedHashMap<String, String>();
    boolean guru = false;
    boolean keep = false;
    String moduleName = null;
    boolean noWarnings = false;
    boolean unoptimized = false;
    int bufferMegabytes = 0;
    long targetPid = 0;
    String command = null;
    double timeout = 0;
    Path output = null;
    SessionSettings.Rotation rotation = null;
    boolean flight = false;
    String listPattern = null;
    boolean listVariables = false;
    SessionSettings.OutputFormat format = SessionSettings.OutputFormat.TEXT;
    boolean formatGiven = false;
    var positionals = new ArrayList<String>();
    int i = 0;
    while (i < args.length) {
      String a = args[i];
      if (a.equals("--")) {
        i++;
        break;
      }
      if (a.equals("--help")) return new Help();
      if (a.equals("--version")) return new Version();
      if (a.startsWith("--")) {
        int eq = a.indexOf('=');
        StapOption o = StapOption.byLongName(eq < 0 ? a : a.substring(0, eq));
        if (o == null) throw new UsageException("unknown option '" + a + "'");
        String value;
        if (eq >= 0) {
          value = a.substring(eq + 1);
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          throw new UsageException(o.optionName() + " needs a value: " + o.optionName() + " "
              + o.valueLabel());
        }
        switch (o) {
          case FORMAT -> {
            format = SessionSettings.OutputFormat.named(value);
            if (format == null) {
              throw new UsageException("--format takes text or json, not '" + value + "'");
            }
            formatGiven = format != SessionSettings.OutputFormat.TEXT;
          }
          default -> throw new IllegalStateException(o.name());
        }
        i++;
        continue;
      }
      if (!a.startsWith("-") || a.equals("-")) { // the script (or "-": stdin), or an argument
        positionals.add(a);
        i++;
        continue;
      }
      // A cluster of short options: -vvv, -p1, -e'...', -x 123
      for (int k = 1; k < a.length(); k++) {
        StapOption o = StapOption.byLetter(a.charAt(k));
        if (o == null) {
          throw new UsageException("unknown option '-" + a.charAt(k) + "'");
        }
        if (!o.takesValue()) {
          switch (o) {
            case VERBOSE -> verbosity++;
            case GURU -> guru = true;
            case KEEP -> keep = true;
            case NO_WARNINGS -> noWarnings = true;
            case UNOPTIMIZED -> unoptimized = true;
            case FLIGHT_RECORDER -> flight = true;
            case HELP -> {
              return new Help();
            }
            case VERSION -> {
              return new Version();
            }
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
          throw new UsageException(o.optionName() + " needs a value: " + o.optionName() + " "
              + o.valueLabel());
        }
        switch (o) {
          case SCRIPT -> inline = value;
          case PASS -> {
            pass = number(o, value, 1, 5);
            passGiven = true;
          }
          case INCLUDE -> {
            Path dir = Path.of(value);
            if (!Files.isDirectory(dir)) throw new UsageException("-I " + value + ": no such directory");
            includes.add(dir);
          }
          case DEFINE -> {
            int eq = value.indexOf('=');
            String name = eq < 0 ? value : value.substring(0, eq);
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
              throw new UsageException("-D " + value + ": expected NAME or NAME=VALUE");
            }
            defines.put(name, eq < 0 ? "" : value.substring(eq + 1));
          }
          case MODULE_NAME -> {
            if (!value.matches("[A-Za-z0-9_]{1,55}")) {
              throw new UsageException("-m " + value + ": a module name is 1 to 55 letters,"
                  + " digits and underscores (it names the file NAME.bo)");
            }
            moduleName = value;
          }
          case TARGET_PID -> targetPid = number(o, value, 1, Integer.MAX_VALUE);
          case BUFFER -> bufferMegabytes = number(o, value, 1, 1024);
          case COMMAND -> command = value;
          case TIMEOUT -> timeout = seconds(value);
          case OUTPUT -> {
            if (value.isEmpty()) throw new UsageException("-o needs a file name");
            output = OutputFileName.expand(value, java.time.ZonedDateTime.now());
          }
          case ROTATE -> {
            rotation = SessionSettings.Rotation.parse(value);
            if (rotation == null) {
              throw new UsageException("-S takes SIZE_MB or SIZE_MB,COUNT (positive numbers,"
                  + " e.g. -S 10,5), not '" + value + "'");
            }
          }
          case LIST, LIST_VARIABLES -> {
            if (listPattern != null) throw new UsageException("give -l or -L once");
            listPattern = value;
            listVariables = o == StapOption.LIST_VARIABLES;
          }
          default -> throw new IllegalStateException(o.name());
        }
        break; // the value used the rest of this argument
      }
      i++;
    }
    while (i < args.length) positionals.add(args[i++]);
    var session = new SessionSettings(targetPid, command, timeout, output, rotation, flight,
        format, noWarnings, verbosity);
    String misuse = session.misuse();
    if (misuse != null) throw new UsageException(misuse);
    if (listPattern != null) {
      if (inline != null || !positionals.isEmpty()) {
        throw new UsageException((listVariables ? "-L" : "-l") + " PROBE lists probe points:"
            + " give it no script (found " + (inline != null ? "-e" : "'" + positionals.getFirst()
            + "'") + ")");
      }
      return new Run(new ScriptOptions(null, null, List.of(), ScriptOptions.ELABORATE,
          List.copyOf(includes), Map.copyOf(defines), guru, keep, moduleName, unoptimized,
          bufferMegabytes, listPattern, listVariables, session));
    }
    if (inline == null && positionals.isEmpty()) {
      throw new UsageException("no script given: use -e SCRIPT, a script FILE, or - to read stdin");
    }
    if (passGiven && pass < ScriptOptions.RUN) {
      if (flight) {
        throw new UsageException("-F runs the script in the background: it does not go with -p"
            + pass);
      }
      if (formatGiven) {
        throw new UsageException("--format shapes the output of a running script: it does not go"
            + " with -p" + pass + " (give it to 'jstap run' for a module)");
      }
    }
    String file = null;
    List<String> scriptArgs = positionals;
    if (inline == null) {
      file = positionals.getFirst();
      scriptArgs = positionals.subList(1, positionals.size());
    }
    return new Run(new ScriptOptions(inline, file, List.copyOf(scriptArgs), pass,
        List.copyOf(includes), Map.copyOf(defines), guru, keep, moduleName, unoptimized,
        bufferMegabytes, null, false, session));
  }

  static double seconds(String value) throws UsageException {
    double timeout;
    try {
      timeout = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      timeout = -1;
    }
    if (!(timeout >= 0) || Double.isInfinite(timeout)) {
      throw new UsageException("-T takes seconds, not '" + value + "'");
    }
    return timeout;
  }

  private static int number(StapOption o, String value, int min, int max) throws UsageException {
    try {
      long n = Long.parseLong(value.strip());
      if (n >= min && n <= max) return (int) n;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(o.optionName() + " takes a number"
        + (max < Integer.MAX_VALUE ? " from " + min + " to " + max : "") + ", not '" + value + "'");
  }
}

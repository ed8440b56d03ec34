package io.jstap.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Entry point: {@code jstap [stap options] SCRIPT [ARGS]} and its subcommands.
 *
 * <p>Running a script, the common case, reads the command line with {@link StapArguments}
 * and goes straight to the passes. picocli (whose classes predate the class-data sharing that
 * makes jstap start fast) serves the subcommands and {@code --help} through {@link
 * JstapCommand}: no method of this class may name a picocli type, or the JVM loads picocli
 * when it checks the main class.
 */
public final class Main {
  private static final Set<String> COMMANDS = Set.of("help", "errno", "run", "attach", "stop", "dropwatch");

  /** Where a run reads and writes. */
  public record Console(PrintWriter out, PrintWriter err, InputStream in, OutputStream rawOut,
      OutputStream rawErr) {
    /** The process's own streams; traced output goes straight to the file descriptors. */
    static Console system() {
      var rawOut = new FileOutputStream(FileDescriptor.out);
      var rawErr = new FileOutputStream(FileDescriptor.err);
      return new Console(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
          new PrintWriter(System.err, true, StandardCharsets.UTF_8), System.in, rawOut, rawErr);
    }

    /** In-process runs (tests): output collected by the writers. */
    public static Console of(PrintWriter out, PrintWriter err, InputStream in) {
      return new Console(out, err, in, null, null);
    }
  }

  public static void main(String[] args) {
    int status = run(args, Console.system());
    System.out.flush();
    System.err.flush();
    // halt, not exit: since JDK 17 Runtime.exit first sets up System.Logger to log the call,
    // 10-20 ms of CPU on every run (measured with a one-line program). jstap registers no
    // shutdown hook, and every command has closed what it wrote by now.
    // -Djstap.profile=true: exit the usual way, which writes a flight recording
    // (-XX:StartFlightRecording) when a profile of jstap itself is wanted.
    if (Boolean.getBoolean("jstap.profile")) System.exit(status);
    Runtime.getRuntime().halt(status);
  }

  /** Runs one command line; returns the exit status (0, 1 errors, 2 misuse). */
  public static int run(String[] args, Console console) {
    if (args.length > 0 && args[0].equals("run")) return runModule(args, console);
    if (args.length > 0 && COMMANDS.contains(args[0])) return JstapCommand.create(console).execute(args);
    StapArguments.Request request;
    try {
      request = StapArguments.parse(args);
    } catch (StapArguments.UsageException e) {
      console.err().println("jstap: " + e.getMessage());
      console.err().println("Try 'jstap --help' for more information.");
      console.err().flush();
      return 2;
    }
    return switch (request) {
      case StapArguments.Help h -> {
        JstapCommand.printUsage(console);
        console.out().flush();
        yield 0;
      }
      case StapArguments.Version v -> {
        console.out().println("jstap " + versionText());
        console.out().flush();
        yield 0;
      }
      case StapArguments.Run r -> new ScriptPasses(r.options(), console.out(), console.err(),
          console.in(), console.rawOut(), console.rawErr()).run();
    };
  }

  /** {@code jstap run ...}, read without picocli (see {@link ModuleRun}). */
  private static int runModule(String[] args, Console console) {
    ModuleRun.Request request;
    try {
      request = ModuleRun.parse(java.util.Arrays.copyOfRange(args, 1, args.length));
    } catch (StapArguments.UsageException e) {
      console.err().println("jstap: " + e.getMessage());
      console.err().println("Try 'jstap run --help' for more information.");
      console.err().flush();
      return 2;
    }
    if (request == null) {
      JstapCommand.printRunUsage(console);
      console.out().flush();
      return 0;
    }
    return ModuleRun.run(request, console);
  }

  /** This jstap's version, as modules record it. */
  static String versionText() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "(development build)" : v;
  }

}

package io.jstap.cli;

import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Entry point: {@code jstap [stap options] SCRIPT [ARGS]} and its subcommands.
 *
 * <p>Running a script, the common case, reads the command line with {@link StapArguments}
 * and goes straight to the passes: picocli (whose classes predate the class-data sharing that
 * makes jstap start fast) is used for the subcommands and for {@code --help}.
 */
@Command(
    name = "jstap",
    versionProvider = Main.Version.class,
    description = "A SystemTap-compatible dynamic tracer for Linux, on eBPF.",
    sortOptions = false,
    customSynopsis = {
      "jstap [OPTIONS] (-e SCRIPT | FILE | -) [ARGS...]",
      "       jstap -l PROBE | -L PROBE",
      "       jstap COMMAND [OPTIONS...]     (commands: run, attach, stop, errno, dropwatch, help)"
    },
    subcommands = {CommandLine.HelpCommand.class, ErrnoCommand.class, DropwatchCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {
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
    if (args.length > 0 && COMMANDS.contains(args[0])) return picocli(console).execute(args);
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
        var cl = picocli(console);
        cl.usage(console.out());
        console.out().flush();
        yield 0;
      }
      case StapArguments.Version v -> {
        for (String line : new Version().getVersion()) console.out().println(line);
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
      picocli(console).getSubcommands().get("run").usage(console.out());
      console.out().flush();
      return 0;
    }
    return ModuleRun.run(request, console);
  }

  /** The picocli command line: subcommands and help (stap's options listed from {@link StapOption}). */
  public static CommandLine commandLine() {
    return picocli(Console.of(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
        new ByteArrayInputStream(new byte[0])));
  }

  private static CommandLine picocli(Console console) {
    var cl = new CommandLine(new Main());
    var spec = cl.getCommandSpec();
    spec.parser().separator(" ");
    for (StapOption o : StapOption.values()) {
      var b = OptionSpec.builder(o.optionName()).description(o.description());
      if (o == StapOption.HELP) b = OptionSpec.builder("-h", "--help").usageHelp(true);
      if (o == StapOption.VERSION) b = OptionSpec.builder("-V", "--version").versionHelp(true);
      b.description(o.description());
      if (o.takesValue()) b.paramLabel(o.valueLabel()).type(String.class).arity("1");
      else b.arity("0").type(boolean.class);
      spec.addOption(b.build());
    }
    cl.addSubcommand("run", new CommandLine(runSpec()));
    // Commands that write traced output take the process's raw streams.
    cl.addSubcommand("attach", new RecorderCommands.Attach(console));
    cl.addSubcommand("stop", new RecorderCommands.Stop(console));
    spec.addPositional(PositionalParamSpec.builder().paramLabel("FILE|ARGS").arity("0..*")
        .description("The script file (- for stdin) and its arguments; with -e, only arguments.")
        .type(String.class).build());
    cl.setOut(console.out());
    cl.setErr(console.err());
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("jstap " + commandLine.getCommandName() + ": internal error: "
          + e + "; please report it");
      commandLine.getErr().flush();
      return 1;
    });
    return cl;
  }

  /** {@code jstap run}'s options, for its help (it runs through {@link ModuleRun}). */
  private static CommandLine.Model.CommandSpec runSpec() {
    var spec = CommandLine.Model.CommandSpec.create().name("run");
    spec.parser().separator(" ");
    spec.usageMessage().description(ModuleRun.DESCRIPTION)
        .customSynopsis("jstap run [-o FILE [-S SIZE_MB[,COUNT]]] [-x PID | -c CMD]"
            + " [-T SECONDS] [-F [-m NAME]] [--format json] [-w] [-v] MODULE")
        .footer("", "Examples:", "  jstap -p4 -m opens opens.stp && jstap run opens.bo",
            "  jstap run -o trace.log -S 10,5 opens.bo",
            "  jstap run -F opens.bo        (flight recorder: jstap attach, jstap stop)", "",
            "Exit status: 0 success, 1 script, module or run-time error, 2 usage error.");
    for (StapOption o : StapOption.values()) {
      if (!ModuleRun.OPTIONS.contains(o)) continue;
      var b = o == StapOption.HELP ? OptionSpec.builder("-h", "--help").usageHelp(true)
          : OptionSpec.builder(o.optionName());
      b.description(o == StapOption.MODULE_NAME ? "With -F: the flight recorder's name."
          : o.description());
      if (o.takesValue()) b.paramLabel(o.valueLabel()).type(String.class).arity("1");
      else b.arity("0").type(boolean.class);
      spec.addOption(b.build());
    }
    spec.addPositional(PositionalParamSpec.builder().paramLabel("MODULE").arity("1")
        .description("The module file (NAME.bo).").type(String.class).build());
    return spec;
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    // Reached only through picocli, which handles subcommands and help: show the usage.
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /** This jstap's version, as modules record it. */
  static String versionText() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "(development build)" : v;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"jstap " + versionText()};
    }
  }
}

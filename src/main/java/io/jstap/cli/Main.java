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
      "Usage: jstap [OPTIONS] (-e SCRIPT | FILE | -) [ARGS...]",
      "       jstap COMMAND [OPTIONS...]     (commands: errno, dropwatch, help)"
    },
    subcommands = {CommandLine.HelpCommand.class, ErrnoCommand.class, DropwatchCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {
  private static final Set<String> COMMANDS = Set.of("help", "errno", "dropwatch");

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
    System.exit(status);
  }

  /** Runs one command line; returns the exit status (0, 1 errors, 2 misuse). */
  public static int run(String[] args, Console console) {
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
    spec.addPositional(PositionalParamSpec.builder().paramLabel("FILE|ARGS").arity("0..*")
        .description("The script file (- for stdin) and its arguments; with -e, only arguments.")
        .type(String.class).build());
    cl.setOut(console.out());
    cl.setErr(console.err());
    return cl;
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    // Reached only through picocli, which handles subcommands and help: show the usage.
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"jstap " + (v == null ? "(development build)" : v)};
    }
  }
}

package io.jstap.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** jstap's picocli command: the subcommands, and help built from {@link StapOption}. */
@Command(
    name = "jstap",
    versionProvider = JstapCommand.Version.class,
    description = "A SystemTap-compatible dynamic tracer for Linux, on eBPF.",
    sortOptions = false,
    customSynopsis = {
      "jstap [OPTIONS] (-e SCRIPT | FILE | -) [ARGS...]",
      "       jstap -l PROBE | -L PROBE",
      "       jstap COMMAND [OPTIONS...]     (commands: run, attach, stop, errno, dropwatch, help)"
    },
    subcommands = {CommandLine.HelpCommand.class, ErrnoCommand.class, DropwatchCommand.class})
final class JstapCommand implements java.util.concurrent.Callable<Integer> {
  /** The command line for {@code console}. */
  static CommandLine create(Main.Console console) {
    return picocli(console);
  }

  static void printUsage(Main.Console console) {
    picocli(console).usage(console.out());
  }

  static void printRunUsage(Main.Console console) {
    picocli(console).getSubcommands().get("run").usage(console.out());
  }

  /** The picocli command line: subcommands and help (stap's options listed from {@link StapOption}). */
  public static CommandLine commandLine() {
    return picocli(Main.Console.of(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
        new ByteArrayInputStream(new byte[0])));
  }

  private static CommandLine picocli(Main.Console console) {
    var cl = new CommandLine(new JstapCommand());
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

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"jstap " + Main.versionText()};
    }
  }
}

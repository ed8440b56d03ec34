package io.jstap.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code jstap [stap options] SCRIPT [ARGS]} and its subcommands. */
@Command(
    name = "jstap",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "A SystemTap-compatible dynamic tracer for Linux, on eBPF.",
    subcommands = {CommandLine.HelpCommand.class, ErrnoCommand.class, DropwatchCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests run it in-process. */
  public static CommandLine commandLine() {
    var cl = new CommandLine(new Main());
    return cl;
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
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

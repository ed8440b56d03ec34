package io.jstap.cli;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Entry point: {@code jstap [stap options] SCRIPT [ARGS]} and its subcommands. */
@Command(
    name = "jstap",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "A SystemTap-compatible dynamic tracer for Linux, on eBPF.",
    subcommands = {CommandLine.HelpCommand.class, ErrnoCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests run it in-process. */
  public static CommandLine commandLine() {
    return commandLine(System.in);
  }

  /** The command line, reading a {@code -} script from {@code stdin}. */
  public static CommandLine commandLine(InputStream stdin) {
    var main = new Main();
    main.stdin = stdin;
    var cl = new CommandLine(main);
    // Everything after the script file belongs to the script: jstap s.stp -x passes -x on.
    cl.setStopAtPositional(true);
    return cl;
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private InputStream stdin = System.in;

  @Option(names = "-e", paramLabel = "SCRIPT", description = "Run the script given on the command line.")
  String inlineScript;

  @Option(names = "-p", paramLabel = "NUM",
      description = "Stop after pass NUM: 1 parse (prints the parsed script), 2 resolve, 3 translate, 4 module, 5 run.")
  int lastPass = ScriptOptions.RUN;

  @Option(names = "-v", description = "More verbose output about the passes (repeatable).")
  boolean[] verbose = new boolean[0];

  @Option(names = "-I", paramLabel = "DIR",
      description = "Look for tapsets and macro files (.stpm) in DIR too.")
  List<Path> includeDirs = new ArrayList<>();

  @Option(names = "-D", paramLabel = "NAME=VALUE", description = "Set a translator setting, e.g. -D MAXSTRINGLEN=256.")
  List<String> defines = new ArrayList<>();

  @Option(names = "-g", description = "Guru mode: accept embedded C and guru-only operators.")
  boolean guruMode;

  @Parameters(paramLabel = "FILE|ARGS",
      description = "The script file (- for stdin) and its arguments; with -e, only arguments.")
  List<String> positionals = new ArrayList<>();

  @Override
  public Integer call() {
    var cl = spec.commandLine();
    if (inlineScript == null && positionals.isEmpty()) {
      cl.getErr().println("jstap: no script given: use -e SCRIPT, a script FILE, or - to read stdin");
      cl.usage(cl.getErr());
      return 2;
    }
    ScriptOptions options = options();
    return new ScriptPasses(options, cl.getOut(), cl.getErr(), stdin).run();
  }

  private ScriptOptions options() {
    var cl = spec.commandLine();
    if (lastPass < ScriptOptions.PARSE || lastPass > ScriptOptions.RUN) {
      throw new CommandLine.ParameterException(cl, "-p takes a pass number from 1 to 5, not " + lastPass);
    }
    for (Path dir : includeDirs) {
      if (!Files.isDirectory(dir)) {
        throw new CommandLine.ParameterException(cl, "-I " + dir + ": no such directory");
      }
    }
    Map<String, String> settings = new LinkedHashMap<>();
    for (String d : defines) {
      int eq = d.indexOf('=');
      String name = eq < 0 ? d : d.substring(0, eq);
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new CommandLine.ParameterException(cl, "-D " + d + ": expected NAME or NAME=VALUE");
      }
      settings.put(name, eq < 0 ? "" : d.substring(eq + 1));
    }
    String file = null;
    List<String> args = positionals;
    if (inlineScript == null) {
      file = positionals.getFirst();
      args = positionals.subList(1, positionals.size());
    }
    return new ScriptOptions(inlineScript, file, List.copyOf(args), lastPass, verbose.length,
        List.copyOf(includeDirs), Map.copyOf(settings), guruMode);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"jstap " + (v == null ? "(development build)" : v)};
    }
  }
}

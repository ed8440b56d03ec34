package io.jstap.cli;

import io.jstap.errno.Arch;
import io.jstap.errno.ErrnoCode;
import io.jstap.errno.ErrnoTable;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jstap errno}: error numbers to names and texts, and back. */
@Command(
    name = "errno",
    mixinStandardHelpOptions = true,
    description = {
      "Look up error codes by number (5, -5, 0x5) or name (EIO, eio), list them, or search"
          + " their descriptions. Prints NAME NUMBER DESCRIPTION, as moreutils' errno does.",
    },
    footer = {
      "",
      "Examples:",
      "  jstap errno 5            EIO 5 Input/output error",
      "  jstap errno -s permission denied",
      "  jstap errno --arch mips -l",
      "",
      "Exit status: 0 all found, 1 something not found, 2 usage error.",
    })
public final class ErrnoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-l", "--list"}, description = "List every code, by number.")
  boolean list;

  @Option(
      names = {"-s", "--search"},
      description = "Find codes whose description contains all the WORDs (any case).")
  boolean search;

  @Option(
      names = "--arch",
      paramLabel = "NAME",
      description = "Numbering of this architecture: generic (x86_64, arm64, riscv, s390...),"
          + " alpha, mips, parisc, sparc or powerpc. Default: this machine's.")
  String archName;

  @Option(names = "--json", description = "One JSON object per code.")
  boolean json;

  @Parameters(paramLabel = "CODE|WORD", description = "Error numbers or names (or search words).")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Arch arch = Arch.running();
    if (archName != null) {
      Optional<Arch> named = Arch.named(archName);
      if (named.isEmpty()) {
        err.println("jstap errno: unknown architecture '" + archName + "'; known: "
            + String.join(", ", Arch.knownNames()));
        return 2;
      }
      arch = named.get();
    }
    ErrnoTable table = ErrnoTable.of(arch);
    if (list && search) return usage(err, "--list and --search do not go together");
    if (list) {
      if (!args.isEmpty()) return usage(err, "--list takes no arguments");
      table.codes().forEach(c -> print(out, table, c));
      return 0;
    }
    if (search) {
      if (args.isEmpty()) return usage(err, "--search needs at least one WORD");
      var found = table.search(args);
      found.forEach(c -> print(out, table, c));
      if (found.isEmpty()) {
        err.println("jstap errno: no description contains " + String.join(" and ", args));
        return 1;
      }
      return 0;
    }
    if (args.isEmpty()) return usage(err, "give an error number or name, or --list or --search");
    int status = 0;
    for (String arg : args) {
      var lookup = lookup(table, arg);
      if (lookup.codes.isEmpty()) {
        if (lookup.usageError) {
          err.println("jstap errno: " + lookup.problem);
          return 2;
        }
        err.println("jstap errno: " + lookup.problem);
        status = 1;
      }
      lookup.codes.forEach(c -> print(out, table, c));
    }
    out.flush();
    return status;
  }

  private record Lookup(List<ErrnoCode> codes, String problem, boolean usageError) {}

  private static Lookup lookup(ErrnoTable table, String arg) {
    var number = parseNumber(arg);
    if (number.isPresent()) {
      long n = number.get();
      if (n == 0) return new Lookup(List.of(), "0 is success, not an error code", false);
      var primary = table.byNumber(n);
      if (primary.isEmpty()) {
        return new Lookup(List.of(), "no error code " + Math.abs(n) + " on "
            + table.arch().familyName() + " (try --arch, or --list)", false);
      }
      var codes = new ArrayList<ErrnoCode>();
      codes.add(primary.get());
      codes.addAll(table.aliasesOf(primary.get()));
      return new Lookup(codes, null, false);
    }
    if (arg.startsWith("-")) return new Lookup(List.of(), "unknown option '" + arg + "'", true);
    var code = table.byName(arg);
    if (code.isPresent()) return new Lookup(List.of(code.get()), null, false);
    var near = table.nearestNames(arg, 3);
    String hint = near.isEmpty() ? "" : "; did you mean " + String.join(", ", near) + "?";
    return new Lookup(List.of(), "unknown error name '" + arg + "'" + hint, false);
  }

  /** Decimal, negated (as the kernel returns errors), hex (0x) or octal (0) numbers. */
  static Optional<Long> parseNumber(String s) {
    String t = s.strip();
    boolean negative = t.startsWith("-");
    if (negative || t.startsWith("+")) t = t.substring(1);
    try {
      long v;
      if (t.startsWith("0x") || t.startsWith("0X")) v = Long.parseLong(t.substring(2), 16);
      else if (t.length() > 1 && t.startsWith("0")) v = Long.parseLong(t.substring(1), 8);
      else if (!t.isEmpty() && Character.isDigit(t.charAt(0))) v = Long.parseLong(t);
      else return Optional.empty();
      return Optional.of(negative ? -v : v);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private void print(PrintWriter out, ErrnoTable table, ErrnoCode c) {
    if (json) {
      out.println("{\"name\":\"" + c.name() + "\",\"number\":" + c.number()
          + ",\"description\":\"" + jsonEscape(c.description()) + "\""
          + ",\"alias_of\":" + (c.isAlias() ? "\"" + c.aliasOf() + "\"" : "null")
          + ",\"kernel_internal\":" + c.kernelInternal()
          + ",\"arch\":\"" + table.arch().familyName() + "\"}");
      return;
    }
    var line = new StringBuilder(c.name()).append(' ').append(c.number()).append(' ')
        .append(c.description());
    if (c.isAlias()) line.append(" (alias of ").append(c.aliasOf()).append(')');
    if (c.kernelInternal()) line.append(" [kernel-internal: never reaches user space]");
    out.println(line);
  }

  private static String jsonEscape(String s) {
    var b = new StringBuilder();
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (ch < 0x20) b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
          else b.append(ch);
        }
      }
    }
    return b.toString();
  }

  private int usage(PrintWriter err, String message) {
    err.println("jstap errno: " + message);
    err.println("Try 'jstap errno --help' for more information.");
    return 2;
  }
}

package io.jstap.cli;

import io.jstap.bpf.BpfException;
import io.jstap.dropwatch.DropFilter;
import io.jstap.dropwatch.DropReasons;
import io.jstap.dropwatch.Dropwatch;
import io.jstap.dropwatch.DropwatchException;
import io.jstap.dropwatch.DropwatchShell;
import io.jstap.dropwatch.TimedRun;
import io.jstap.kernel.btf.Btf;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jstap dropwatch}: where and why the kernel drops packets. */
@Command(
    name = "dropwatch",
    mixinStandardHelpOptions = true,
    description = {
      "Where and why the kernel drops packets, from the skb:kfree_skb tracepoint (no"
          + " CONFIG_NET_DROP_MONITOR needed). Drops are counted in the kernel by location and"
          + " reason.",
      "",
      "Without --duration, --interval, --top, --json or --packets it opens a prompt like the"
          + " classic dropwatch (start, stop, show, stats, set alertlimit N, set alertmode"
          + " summary|packet, help, exit).",
    },
    footer = {
      "",
      "Examples:",
      "  jstap dropwatch -l kas                          the classic prompt",
      "  jstap dropwatch --duration 10s --interval 1s --top 20",
      "  jstap dropwatch --duration 5s --reason NO_SOCKET --protocol udp --json",
      "  jstap dropwatch --packets --rate 50            each dropped packet, until Ctrl-C",
      "  jstap dropwatch --list-reasons                 this kernel's drop reasons",
      "",
      "Needs root (or CAP_BPF and CAP_PERFMON). Exit status: 0 done, 1 cannot run here, 2 usage error.",
    })
public final class DropwatchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-l", "--lmethod"},
      paramLabel = "METHOD",
      description = "How drop locations are named: kas (/proc/kallsyms, the default), none (raw"
          + " addresses), or list (print the methods).")
  String lookup = "kas";

  @Option(names = "--duration", paramLabel = "TIME", description = "Watch this long (10s, 500ms, 2m), then print a summary.")
  String duration;

  @Option(names = "--interval", paramLabel = "TIME", description = "Print the drops of each interval (1s).")
  String interval;

  @Option(names = "--top", paramLabel = "N", description = "List at most N sites per report (default 20; 0: all).")
  Integer top;

  @Option(names = "--reason", paramLabel = "R[,R...]", description = "Only these drop reasons (NO_SOCKET, netfilter_drop, 3).")
  String reasons;

  @Option(names = "--protocol", paramLabel = "P[,P...]", description = "Only these protocols: ip, ipv6, arp, tcp, udp, icmp, icmpv6, sctp, or an ethertype (0x88b5).")
  String protocols;

  @Option(names = "--json", description = "One JSON object per line.")
  boolean json;

  @Option(names = "--packets", description = "Print each dropped packet (time, process, protocol, addresses, length, device, reason).")
  boolean packets;

  @Option(names = "--rate", paramLabel = "N", description = "With --packets: at most N packets per second, the rest counted (default 100; 0: no limit).")
  int rate = 100;

  @Option(names = "--list-reasons", description = "List the drop reasons of the running kernel and exit.")
  boolean listReasons;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      Dropwatch.Lookup method = switch (lookup.toLowerCase(Locale.ROOT)) {
        case "kas" -> Dropwatch.Lookup.KALLSYMS;
        case "none" -> Dropwatch.Lookup.NONE;
        case "list" -> {
          out.println("Available lookup methods:");
          out.println("kas - use /proc/kallsyms");
          out.println("none - print raw addresses");
          out.flush();
          yield null;
        }
        default -> throw new UsageError("unknown lookup method '" + lookup + "'; use kas, none or list");
      };
      if (method == null) return 0;
      Duration runFor = duration == null ? null : parseDuration("--duration", duration);
      Duration every = interval == null ? null : parseDuration("--interval", interval);
      if (top != null && top < 0) throw new UsageError("--top must be 0 or more");
      if (rate < 0) throw new UsageError("--rate must be 0 or more");
      Btf btf = Dropwatch.kernelBtf();
      DropReasons known = DropReasons.of(btf);
      if (listReasons) return listReasons(out, known);
      DropFilter filter;
      try {
        filter = DropFilter.parse(reasons, protocols, known);
      } catch (DropwatchException e) {
        throw new UsageError(e.getMessage());
      }
      boolean oneShot = runFor != null || every != null || top != null || json || packets;
      try (Dropwatch dw = Dropwatch.open(btf, method)) {
        if (oneShot) {
          var options = new TimedRun.Options(runFor, every, top == null ? 20 : top, json, packets, rate, filter);
          return new TimedRun(dw, options, out).run();
        }
        return interactive(dw, method, filter);
      }
    } catch (UsageError e) {
      err.println("jstap dropwatch: " + e.getMessage());
      err.println("Try 'jstap dropwatch --help' for more information.");
      return 2;
    } catch (DropwatchException | BpfException e) {
      err.println("jstap dropwatch: " + e.getMessage());
      return 1;
    }
  }

  private int interactive(Dropwatch dw, Dropwatch.Lookup method, DropFilter filter) {
    try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build()) {
      // a pseudo-terminal nobody sized (script, some ssh and container setups) reports 0
      // columns, and JLine would then squeeze the prompt to nothing
      if (terminal.getWidth() <= 0 || terminal.getHeight() <= 0) terminal.setSize(new Size(80, 24));
      var w = terminal.writer();
      w.println(method == Dropwatch.Lookup.KALLSYMS ? "Initializing kallsyms db" : "Initializing null lookup method");
      w.flush();
      return new DropwatchShell(dw, terminal, filter, historyFile(), method == Dropwatch.Lookup.KALLSYMS ? "kas" : "none").run();
    } catch (IOException e) {
      throw new DropwatchException("cannot open the terminal: " + e.getMessage(), e);
    }
  }

  /** ~/.jstap_dropwatch_history when the home folder is writable, else none. */
  private static Path historyFile() {
    String home = System.getProperty("user.home");
    if (home == null) return null;
    Path dir = Path.of(home);
    return Files.isDirectory(dir) && Files.isWritable(dir) ? dir.resolve(".jstap_dropwatch_history") : null;
  }

  private static int listReasons(PrintWriter out, DropReasons known) {
    if (known.isEmpty()) {
      out.println("this kernel names no drop reasons (enum skb_drop_reason is in Linux 5.17 and later)");
      out.flush();
      return 0;
    }
    for (Map.Entry<Long, String> e : known.all().entrySet()) out.println(e.getKey() + " " + e.getValue());
    out.flush();
    return 0;
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

  static Duration parseDuration(String option, String text) {
    Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new UsageError(option + " takes a time such as 10s, 500ms, 2m or 1h, not '" + text + "'");
    }
    double v = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double nanos = v * switch (unit) {
      case "ms" -> 1e6;
      case "m" -> 60e9;
      case "h" -> 3600e9;
      default -> 1e9;
    };
    if (nanos < 1e6) throw new UsageError(option + " must be at least 1ms, not '" + text + "'");
    return Duration.ofNanos((long) nanos);
  }

  /** A mistake in the command line: exit status 2. */
  static final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
      super(message);
    }
  }
}

package io.jstap.dropwatch;

import io.jstap.dropwatch.ShellCommand.Exit;
import io.jstap.dropwatch.ShellCommand.Help;
import io.jstap.dropwatch.ShellCommand.Invalid;
import io.jstap.dropwatch.ShellCommand.Nothing;
import io.jstap.dropwatch.ShellCommand.SetAlertLimit;
import io.jstap.dropwatch.ShellCommand.SetAlertMode;
import io.jstap.dropwatch.ShellCommand.SetProtocol;
import io.jstap.dropwatch.ShellCommand.SetRate;
import io.jstap.dropwatch.ShellCommand.SetReason;
import io.jstap.dropwatch.ShellCommand.Show;
import io.jstap.dropwatch.ShellCommand.Start;
import io.jstap.dropwatch.ShellCommand.Stats;
import io.jstap.dropwatch.ShellCommand.Stop;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.AggregateCompleter;
import org.jline.reader.impl.completer.ArgumentCompleter;
import org.jline.reader.impl.completer.NullCompleter;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;

/**
 * The interactive {@code dropwatch>} prompt, as the classic tool has it ({@code start}, {@code
 * stop}, {@code set alertlimit}, {@code set alertmode}...), with JLine's line editing, history
 * and completion. While monitoring, the prompt stays: alerts print above it, every second in
 * summary mode or per packet in packet mode, and {@code stop} or Ctrl-C ends monitoring. Ctrl-C
 * at an idle prompt, Ctrl-D and {@code exit} leave with a summary of the whole session.
 */
public final class DropwatchShell {
  static final String PROMPT = "dropwatch> ";
  /** Summary alerts come once a second, as the kernel's drop monitor sends them by default. */
  private static final long INTERVAL_NANOS = 1_000_000_000L;
  private static final int POLL_MILLIS = 100;
  /** A second Ctrl-C sooner than this is the first one's echo, not a person's. */
  private static final long INTERRUPT_ECHO_NANOS = 250_000_000L;

  private final Dropwatch dropwatch;
  private final LineReader reader;
  private final String lookupName;

  private volatile long alertLimit;
  private volatile boolean packets;
  private volatile int rate = 100;
  private volatile DropFilter filter = DropFilter.ALL;

  private volatile boolean monitoring;
  private volatile boolean stopRequested;
  private Thread watcher;
  private long alerts;
  private long lastInterrupt = System.nanoTime() - INTERRUPT_ECHO_NANOS;
  /** SIGTERM came: leave at once. */
  private volatile boolean terminated;

  /**
   * @param filter what to watch at first ({@code set reason} and {@code set protocol} change it)
   * @param history where to keep the command history between sessions, or null for none
   * @param lookupName how locations are named, for {@code show}
   */
  public DropwatchShell(Dropwatch dropwatch, Terminal terminal, DropFilter filter, Path history, String lookupName) {
    this.dropwatch = dropwatch;
    this.filter = filter;
    this.lookupName = lookupName;
    var builder = LineReaderBuilder.builder().terminal(terminal).appName("jstap-dropwatch").completer(completer());
    if (history != null) builder.variable(LineReader.HISTORY_FILE, history);
    this.reader = builder.build();
  }

  /** Reads and runs commands until exit; returns the exit code. */
  public int run() {
    dropwatch.monitor().configure(filter, packets, rate);
    // SIGTERM leaves as exit does: monitoring stops, the summary is printed. The prompt is
    // interrupted as Ctrl-C interrupts it, and the loop sees why.
    Object previousTerm = org.jline.utils.Signals.register("TERM", () -> {
      terminated = true;
      reader.getTerminal().raise(org.jline.terminal.Terminal.Signal.INT);
    });
    try {
      while (true) {
        String line;
        try {
          line = reader.readLine(PROMPT);
        } catch (UserInterruptException e) {
          // JLine delivers Ctrl-C by interrupting this thread; handled here, it must not also
          // interrupt the wait for the watcher, or the next prompt
          Thread.interrupted();
          if (terminated) break;
          // JLine 4.5 sometimes delivers one Ctrl-C twice (about one time in ten here, the echo
          // ~50 ms after the first, with its FFM and exec terminals alike): an echo would
          // otherwise turn "stop monitoring" into "leave"
          long now = System.nanoTime();
          boolean echo = now - lastInterrupt < INTERRUPT_ECHO_NANOS && e.getPartialLine().isEmpty();
          lastInterrupt = now;
          if (echo) continue;
          if (!monitoring) break; // Ctrl-C at an idle prompt leaves
          stop();
          continue;
        } catch (EndOfFileException e) {
          break;
        }
        if (!execute(ShellCommand.parse(line))) break;
      }
    } finally {
      stop();
      if (previousTerm != null) org.jline.utils.Signals.unregister("TERM", previousTerm);
    }
    farewell();
    return 0;
  }

  /** Runs one command; false when it was exit. */
  boolean execute(ShellCommand command) {
    switch (command) {
      case Start s -> start();
      case Stop s -> {
        if (monitoring) stop();
        else say("Monitoring is not active (start starts it).");
      }
      case Exit e -> {
        return false;
      }
      case Help h -> help();
      case Show s -> show();
      case Stats s -> stats();
      case SetAlertLimit(long limit) -> {
        alertLimit = limit;
        say(limit == 0 ? "Alert limit removed" : "Setting alert capture limit to " + limit);
      }
      case SetAlertMode(boolean packetMode) -> {
        packets = packetMode;
        reconfigure();
        say("Setting alert mode to " + (packetMode ? "packet" : "summary"));
      }
      case SetRate(int perSecond) -> {
        rate = perSecond;
        reconfigure();
        say(perSecond == 0 ? "Packet mode shows every packet (no rate limit)" : "Packet mode shows at most " + perSecond + " packets per second");
      }
      case SetReason(String reasons) -> setFilter(reasons, null);
      case SetProtocol(String protocols) -> setFilter(null, protocols);
      case Nothing n -> {}
      case Invalid(String message) -> say(message);
    }
    return true;
  }

  private void setFilter(String reasons, String protocols) {
    DropFormat format = dropwatch.format();
    try {
      DropFilter parsed = DropFilter.parse(reasons, protocols, format.reasons());
      filter = new DropFilter(reasons == null ? filter.reasons() : parsed.reasons(),
          protocols == null ? filter.protocols() : parsed.protocols());
      reconfigure();
      say("Watching " + filter.describe(format.reasons()));
    } catch (DropwatchException e) {
      say(e.getMessage());
    }
  }

  private void reconfigure() {
    dropwatch.monitor().configure(filter, packets, rate);
  }

  private void start() {
    if (monitoring) {
      say("Monitoring is already active (stop or Ctrl-C stops it).");
      return;
    }
    say("Enabling monitoring...");
    dropwatch.monitor().start();
    alerts = 0;
    stopRequested = false;
    monitoring = true;
    DropTotals baseline = dropwatch.monitor().totals();
    watcher = Thread.ofPlatform().name("dropwatch-alerts").daemon(true).start(() -> watch(baseline));
    say("Kernel monitoring activated.");
    say("Issue Ctrl-C (or type stop) to stop monitoring");
  }

  /** Stops monitoring if it is on: the watcher ends, then the program detaches. */
  private void stop() {
    Thread w = watcher;
    if (w == null) return;
    stopRequested = true;
    boolean interrupted = false;
    while (true) {
      try {
        w.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
    watcher = null;
    dropwatch.monitor().stop();
    if (monitoring) {
      monitoring = false;
      say("Monitoring stopped.");
    }
  }

  /** The watcher thread: prints alerts until asked to stop or the alert limit is reached. */
  private void watch(DropTotals baseline) {
    DropMonitor monitor = dropwatch.monitor();
    DropFormat format = dropwatch.format();
    DropTotals last = baseline;
    DropLosses reported = monitor.losses();
    boolean packetMode = packets;
    long next = System.nanoTime() + INTERVAL_NANOS;
    try {
      while (!stopRequested && !limitReached()) {
        if (packets != packetMode) {
          if (packetMode) monitor.drainPackets(p -> alert(format.line(p))); // written before the switch
          packetMode = packets;
          last = monitor.totals(); // drops shown as packets are not summarized again
        }
        if (packetMode) {
          monitor.pollPackets(POLL_MILLIS, p -> alert(format.line(p)));
        } else {
          pause(Math.min(POLL_MILLIS, Math.max(1, (next - System.nanoTime()) / 1_000_000)));
        }
        if (System.nanoTime() < next) continue;
        next += INTERVAL_NANOS;
        if (!packetMode) {
          DropTotals totals = monitor.totals();
          for (DropCount c : totals.since(last)) alert(format.line(c));
          last = totals;
        }
        DropLosses losses = monitor.losses();
        if (losses.uncounted() != reported.uncounted() || packetMode && losses.ringFull() != reported.ringFull()) {
          reader.printAbove(format.losses(losses, packetMode, rate));
        }
        reported = losses;
      }
    } catch (RuntimeException e) {
      reader.printAbove("Monitoring failed: " + e.getMessage());
    }
    if (limitReached()) {
      reader.printAbove("Alert limit reached, deactivating!");
      monitor.stop();
      monitoring = false;
      reader.printAbove("Monitoring stopped.");
    }
  }

  private boolean limitReached() {
    return alertLimit > 0 && alerts >= alertLimit;
  }

  private void alert(String line) {
    if (limitReached()) return;
    reader.printAbove(line);
    alerts++;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void help() {
    say("""
        Commands:
          start                         start watching; alerts print as packets are dropped
          stop                          stop watching (Ctrl-C does too)
          show                          the settings
          stats                         drops counted so far, by reason, and what was lost
          set alertlimit N              stop watching after N alerts (0: no limit)
          set alertmode summary         every second: drops per location and reason (default)
          set alertmode packet          each dropped packet: time, protocol, addresses, length,
                                        device, process
          set rate N                    packet mode: at most N packets per second (0: no limit)
          set reason R[,R...]|all       watch only these reasons, e.g. NO_SOCKET,NETFILTER_DROP
          set protocol P[,P...]|all     watch only these protocols, e.g. udp or ipv6
          help                          this list
          exit                          leave, with a summary (Ctrl-D, or Ctrl-C when idle)""");
  }

  private void show() {
    DropFormat format = dropwatch.format();
    say("Monitoring: " + (dropwatch.monitor().isRunning() ? "active" : "stopped"));
    say("Alert mode: " + (packets ? "packet" : "summary"));
    say("Alert limit: " + (alertLimit == 0 ? "none" : alertLimit));
    say("Packet rate limit: " + (rate == 0 ? "none" : rate + " per second"));
    say("Watching: " + filter.describe(format.reasons()));
    say("Lookup method: " + lookupName);
    if (!dropwatch.layout().hasReason()) say("Drop reasons: not given by this kernel (Linux 5.17+ gives them)");
  }

  private void stats() {
    DropTotals totals = dropwatch.monitor().totals();
    DropFormat format = dropwatch.format();
    int sites = totals.counts().size();
    say("Drops counted since dropwatch began: " + totals.total() + " at " + sites + (sites == 1 ? " site" : " sites"));
    var byReason = new ArrayList<>(totals.byReason().entrySet());
    byReason.sort(Map.Entry.<Long, Long>comparingByValue().reversed());
    if (dropwatch.layout().hasReason()) {
      for (var e : byReason) say(String.format("%12d %s", e.getValue(), format.reasons().name(e.getKey())));
    }
    DropLosses losses = dropwatch.monitor().losses();
    say(format.losses(losses, true, rate));
    if (losses.filtered() > 0) say(losses.filtered() + " drops did not match the filter (" + filter.describe(format.reasons()) + ")");
  }

  private void farewell() {
    DropTotals totals = dropwatch.monitor().totals();
    List<DropCount> all = totals.sorted();
    DropFormat format = dropwatch.format();
    if (!all.isEmpty()) {
      say("Drops while dropwatch ran: " + totals.total() + " at " + all.size() + (all.size() == 1 ? " site" : " sites"));
      for (DropCount c : all) say(format.line(c));
      say(format.losses(dropwatch.monitor().losses(), packets, rate));
    }
    say("Shutting down ...");
  }

  private void say(String text) {
    var w = reader.getTerminal().writer();
    w.println(text);
    w.flush();
  }

  private Completer completer() {
    var reasons = new ArrayList<String>(dropwatch.format().reasons().all().values());
    reasons.add("all");
    var protocols = new ArrayList<>(Protocols.names());
    protocols.add("all");
    return new AggregateCompleter(
        new ArgumentCompleter(new StringsCompleter("start", "stop", "show", "stats", "help", "exit"), NullCompleter.INSTANCE),
        new ArgumentCompleter(new StringsCompleter("set"), new StringsCompleter("alertmode"),
            new StringsCompleter("summary", "packet"), NullCompleter.INSTANCE),
        new ArgumentCompleter(new StringsCompleter("set"), new StringsCompleter("alertlimit", "rate"), NullCompleter.INSTANCE),
        new ArgumentCompleter(new StringsCompleter("set"), new StringsCompleter("reason"), new StringsCompleter(reasons),
            NullCompleter.INSTANCE),
        new ArgumentCompleter(new StringsCompleter("set"), new StringsCompleter("protocol"), new StringsCompleter(protocols),
            NullCompleter.INSTANCE));
  }
}

package io.jstap.runtime;

import io.jstap.bpf.ProcessMapEvents;
import io.jstap.bpf.RingBufferReader;
import io.jstap.codegen.CompiledScript;
import io.jstap.codegen.Limits;
import io.jstap.codegen.StorageLayout;
import io.jstap.lang.Diagnostics;
import io.jstap.format.FormatLimits;
import io.jstap.format.GlobalDump;
import io.jstap.format.OutputBuffer;
import io.jstap.runtime.interp.HandlerContext;
import io.jstap.runtime.interp.Interpreter;
import io.jstap.runtime.interp.ScriptClock;
import io.jstap.runtime.interp.ScriptError;
import io.jstap.runtime.interp.UserSpaceProbes;
import io.jstap.sema.ProbeTarget;
import io.jstap.sema.ResolvedProbe;
import io.jstap.sema.VariableSymbol;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Pass 5: runs a compiled script. Begin probes run first (in user space), then the kernel
 * probes are attached and the session loops: records from the programs are printed as they
 * come, timer probes run when due. It ends on {@code exit()}, on a signal (Ctrl-C, SIGTERM),
 * after {@code -T} seconds, when the {@code -c} command ends, or after too many run-time
 * errors; the end probes then run once, the globals SystemTap prints at the end are printed,
 * and everything is detached.
 */
public final class Session {

  /**
   * How a session runs.
   *
   * @param targetPid {@code target()}: the {@code -x} process (0: none)
   * @param command the {@code -c} command, started once every probe is attached (null: none)
   * @param timeoutMillis {@code -T}: end after this long (0: no limit)
   * @param verbose where {@code -v} notes go, or null
   * @param jiffyNanos the kernel's tick length
   * @param json {@code --format json}: output records as JSON objects ({@link JsonRecords})
   * @param started called once the begin probes ran and every probe is attached (or null)
   */
  public record Options(long targetPid, TargetCommand command, long timeoutMillis,
      Consumer<String> verbose, long jiffyNanos, boolean json, Runnable started) {
    public Options(long targetPid, TargetCommand command, long timeoutMillis,
        Consumer<String> verbose, long jiffyNanos) {
      this(targetPid, command, timeoutMillis, verbose, jiffyNanos, false, null);
    }
  }

  private static final int POLL_MILLIS = 10;

  private final CompiledScript script;
  private final Options options;
  private final OutputBuffer out;
  private final OutputBuffer err;
  /** With --format json, the records' JSON; else null. */
  private final JsonRecords json;
  /** Where print functions and records write: {@link #out}, or one JSON record at a time. */
  private final OutputBuffer printed;
  private final Limits limits;
  private volatile boolean signalled;
  private final MachineSymbols symbols = new MachineSymbols(() -> {
    try {
      return io.jstap.kernel.Kallsyms.load();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  });
  private boolean exitRequested;
  private long lostReported;
  private long errors;

  public Session(CompiledScript script, Options options, OutputStream stdout, OutputStream stderr) {
    this.script = script;
    this.options = options;
    this.out = new OutputBuffer(stdout);
    this.err = new OutputBuffer(stderr);
    this.json = options.json() ? new JsonRecords(out) : null;
    this.printed = json == null ? out : json.recordBuffer();
    this.limits = script.limits();
  }

  /** Asks the session to end (from a signal handler): end probes still run. */
  public void stop() {
    signalled = true;
  }

  /** Runs the session; returns the exit status (0, or 1 after run-time errors). */
  public int run() {
    var probes = UserSpaceProbes.of(script.checked());
    KernelSide side = script.userSpaceOnly() ? null : KernelSide.create(script);
    try {
      GlobalStore store = side == null ? new MemoryStore(script.storage())
          : new MapStore(script.storage(), side.objects()::map);
      long target = options.targetPid();
      if (options.command() != null) target = options.command().pid();
      var context = new Context(target);
      var interpreter = new Interpreter(script.checked(), store, context);
      interpreter.initializeGlobals();
      ScriptClock clock = context.clock();
      if (side != null) {
        // BPF programs read CLOCK_MONOTONIC; gettimeofday_*() adds this offset.
        side.setRuntimeValues(clock.realtimeNanos() - clock.monotonicNanos(), target);
      }
      for (ResolvedProbe p : probes.begin()) {
        runHandler(interpreter, p);
        if (tooManyErrors() || exitRequested) break; // exit() skips the later begin probes
      }
      RingBufferReader ring = null;
      RecordDispatcher dispatcher = null;
      if (side != null && !exitRequested && !tooManyErrors()) {
        var diagnostics = new Diagnostics();
        if (!side.load(diagnostics)) {
          err.write(diagnostics.render().getBytes(StandardCharsets.UTF_8));
          if (options.verbose() != null) side.verifierLogs().forEach(options.verbose());
          err.flush();
          return 1;
        }
        mapEvents = followProcessMaps();
        try {
          side.attach(skipped -> note("skipped optional probe " + skipped));
        } catch (KernelSide.AttachException e) {
          err.write(("ERROR: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
          err.flush();
          return 1;
        }
        if (side.tracefsNote() != null) note(side.tracefsNote());
        note("attached " + side.attachments().size() + " probe(s)");
        ring = side.openRing();
        dispatcher = new RecordDispatcher(script.records(),
            new FormatLimits(FormatLimits.DEFAULT.printBufferSize(), limits.maxStringLen()),
            printed, err, symbols);
      }
      if (options.command() != null) options.command().start();
      if (options.started() != null) options.started().run();
      loop(interpreter, probes, ring, dispatcher);
      if (side != null) side.stopProbes();
      if (ring != null) {
        ring.drain(records(dispatcher));
        errors += dispatcher.errors(); // run-time errors of the BPF programs
        err.flush();
      }
      // As in SystemTap: a session that ends because of too many errors (more than
      // MAXERRORS) runs its error probes instead of its end probes.
      for (ResolvedProbe p : tooManyErrors() ? probes.error() : probes.end()) {
        runHandler(interpreter, p);
      }
      printUnreadGlobals(store);
      if (ring != null && ring.lost() > 0) {
        err.write(("WARNING: " + ring.lost() + " records were lost: the ring buffer was full"
            + " (output faster than it could be written; -s NUM gives a larger one)\n")
            .getBytes(StandardCharsets.UTF_8));
      }
      if (errors > 0) {
        err.write(("WARNING: Number of errors: " + errors + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return errors > 0 ? 1 : 0;
    } finally {
      if (json != null) json.endRecord();
      out.flush();
      err.flush();
      if (options.command() != null) options.command().close();
      if (side != null) side.close();
      if (mapEvents != null) mapEvents.close();
    }
  }

  private ProcessMapEvents mapEvents;

  /**
   * When the programs send user-space addresses to symbolize, follows every process's code
   * mappings from before the probes are attached, so that a process that has exited by the
   * time its records are printed (a short -c command) still has its symbols. Null when not
   * needed, or when the kernel refuses (the symbols then come from /proc/PID/maps alone).
   */
  private ProcessMapEvents followProcessMaps() {
    boolean userAddresses = script.records().stream().anyMatch(r -> r.deferred() != null
        && r.deferred().stream().anyMatch(d -> d != null && d.isUser()));
    if (!userAddresses) return null;
    try {
      var events = ProcessMapEvents.open();
      symbols.follow(events);
      return events;
    } catch (io.jstap.bpf.BpfException e) {
      note("not following processes' memory maps (" + e.getMessage() + "): the symbols of"
          + " processes that exit before their records are printed show as addresses");
      return null;
    }
  }

  private void loop(Interpreter interpreter, UserSpaceProbes probes, RingBufferReader ring,
      RecordDispatcher dispatcher) {
    long start = System.nanoTime();
    long deadline = options.timeoutMillis() > 0 ? start + options.timeoutMillis() * 1_000_000L
        : Long.MAX_VALUE;
    var timers = new ArrayList<Timer>();
    for (ResolvedProbe p : probes.timers()) {
      var t = (ProbeTarget.Timer) p.target();
      timers.add(new Timer(p, t, start + next(t)));
    }
    boolean haveWork = ring != null || !timers.isEmpty() || options.command() != null
        || options.timeoutMillis() > 0;
    if (!haveWork) return; // begin/end only: SystemTap ends at once
    while (!exitRequested && !signalled && !tooManyErrors()) {
      long now = System.nanoTime();
      if (now >= deadline) break;
      for (Timer t : timers) {
        if (now >= t.due) {
          runHandler(interpreter, t.probe);
          t.due = Math.max(t.due + next(t.target), now);
        }
      }
      if (options.command() != null && !options.command().isAlive()) break;
      long wait = Math.min(POLL_MILLIS * 1_000_000L, deadline - now);
      for (Timer t : timers) wait = Math.min(wait, t.due - now);
      int waitMillis = (int) Math.max(0, Math.min(POLL_MILLIS, (wait + 999_999) / 1_000_000));
      if (ring != null) {
        ring.poll(waitMillis, records(dispatcher));
        if (dispatcher.exitRequested()) exitRequested = true;
        if (options.verbose() != null && ring.lost() != lostReported) {
          note(ring.lost() - lostReported + " more records lost (the ring buffer was full)");
          lostReported = ring.lost();
        }
        if (dispatcher.errors() + errors > limits.maxErrors()) return;
        if (out.pending() > 0) out.flush();
        if (err.pending() > 0) err.flush();
      } else {
        sleepMillis(waitMillis);
      }
    }
  }

  /** What handles each ring-buffer record: the dispatcher, one JSON object per record. */
  private RingBufferReader.RecordConsumer records(RecordDispatcher dispatcher) {
    if (json == null) return dispatcher::accept;
    return record -> {
      dispatcher.accept(record);
      json.endRecord();
    };
  }

  private static final class Timer {
    final ResolvedProbe probe;
    final ProbeTarget.Timer target;
    long due;

    Timer(ResolvedProbe probe, ProbeTarget.Timer target, long due) {
      this.probe = probe;
      this.target = target;
      this.due = due;
    }
  }

  private static long next(ProbeTarget.Timer t) {
    long r = t.randomizeNanos();
    if (r == 0) return t.periodNanos();
    return Math.max(1, t.periodNanos() + ThreadLocalRandom.current().nextLong(-r, r + 1));
  }

  private static void sleepMillis(int millis) {
    if (millis <= 0) return;
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void runHandler(Interpreter interpreter, ResolvedProbe p) {
    try {
      interpreter.run(p);
    } catch (ScriptError e) {
      errors++;
      out.flush();
      err.write((e.render() + "\n").getBytes(StandardCharsets.UTF_8));
      err.flush();
    }
  }

  private boolean tooManyErrors() {
    return errors > limits.maxErrors();
  }

  /** SystemTap prints the globals a script wrote but never read when it ends. */
  private void printUnreadGlobals(GlobalStore store) {
    var formatLimits = new FormatLimits(FormatLimits.DEFAULT.printBufferSize(),
        limits.maxStringLen());
    for (VariableSymbol g : script.checked().globalsToPrintAtEnd()) {
      StorageLayout.Slot slot = script.storage().slots().get(g.name());
      if (slot == null) continue;
      switch (slot) {
        case StorageLayout.Scalar s -> scalar(g.name(), store.read(g.name()), formatLimits);
        case StorageLayout.Stat s when !s.isArray() -> scalar(g.name(),
            store.stat(g.name(), List.of()), formatLimits);
        default -> {
          var elements = new ArrayList<GlobalDump.ArrayElement>();
          for (var e : store.entries(g.name())) {
            elements.add(new GlobalDump.ArrayElement(e.getKey(), e.getValue()));
          }
          if (json != null) json.array(g.name(), elements);
          else GlobalDump.array(g.name(), elements, formatLimits, out);
        }
      }
    }
  }

  private void scalar(String name, io.jstap.format.ScriptValue value,
      FormatLimits formatLimits) {
    if (json != null) json.global(name, value);
    else GlobalDump.scalar(name, value, formatLimits, out);
  }

  private void note(String message) {
    if (options.verbose() != null) options.verbose().accept(message);
  }

  /** What handlers see of the session. */
  private final class Context implements HandlerContext {
    private final long target;
    private final ScriptClock clock;

    Context(long target) {
      this.target = target;
      this.clock = ScriptClock.system(options.jiffyNanos());
    }

    @Override
    public OutputBuffer output() {
      return printed;
    }

    @Override
    public void printed() {
      if (json != null) json.endRecord();
    }

    @Override
    public OutputBuffer errors() {
      return err;
    }

    @Override
    public void requestExit() {
      exitRequested = true;
    }

    @Override
    public long targetPid() {
      return target;
    }

    @Override
    public Limits limits() {
      return limits;
    }

    @Override
    public ScriptClock clock() {
      return clock;
    }

    @Override
    public Symbols symbols() {
      return symbols;
    }
  }
}

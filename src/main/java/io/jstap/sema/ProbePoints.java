package io.jstap.sema;

import io.jstap.lang.ast.NumberLit;
import io.jstap.lang.ast.ProbePoint;
import io.jstap.lang.ast.StringLit;

/** Probe points as SystemTap writes them, for {@code pp()}, listings and messages. */
public final class ProbePoints {
  private ProbePoints() {}

  /** A resolved probe's point, as {@code pp()} returns it. */
  public static String text(ProbeTarget target) {
    return switch (target) {
      case ProbeTarget.Begin b -> b.priority() == 0 ? "begin" : "begin(" + b.priority() + ")";
      case ProbeTarget.End e -> e.priority() == 0 ? "end" : "end(" + e.priority() + ")";
      case ProbeTarget.ErrorProbe e -> e.priority() == 0 ? "error" : "error(" + e.priority() + ")";
      case ProbeTarget.Never n -> "never";
      case ProbeTarget.Timer t -> timer(t);
      case ProbeTarget.PerfEvent p -> "perf.type(" + p.type() + ").config(" + p.config() + ")"
          + (p.frequency() ? ".hz(" : ".sample(") + p.period() + ")";
      case ProbeTarget.Tracepoint t -> "kernel.trace(\"" + t.subsystem() + ":" + t.event() + "\")";
      case ProbeTarget.KernelFunction k -> "kernel.function(\"" + k.function() + "\")"
          + (k.isReturn() ? ".return" : ".call");
      case ProbeTarget.ProcessFunction f -> process(f.binary(), f.pid(), f.program())
          + ".function(\"" + f.symbol() + "\")" + (f.isReturn() ? ".return" : ".call");
      case ProbeTarget.ProcessStatement s -> process(s.binary(), s.pid(), s.program())
          + ".statement(0x" + Long.toHexString(s.address()) + ")";
      case ProbeTarget.ProcessMark m -> process(m.binary(), m.pid(), m.program())
          + ".provider(\"" + m.provider() + "\").mark(\"" + m.name() + "\")";
      case ProbeTarget.ProcessLifecycle l -> (l.binary() == null && l.pid() == 0
          ? "process" : process(l.binary(), l.pid())) + (l.exit() ? ".end" : ".begin");
    };
  }

  private static String process(String binary, long pid) {
    return pid != 0 ? "process(" + pid + ")" : "process(\"" + binary + "\")";
  }

  /** With the library when {@code program} (or the pid) runs it: {@code process("P").library("L")}. */
  private static String process(String binary, long pid, String program) {
    if (program == null) return process(binary, pid);
    return process(program, pid) + ".library(\"" + binary + "\")";
  }

  private static String timer(ProbeTarget.Timer t) {
    long p = t.periodNanos();
    String base;
    long unit;
    if (p % 1_000_000_000L == 0) {
      base = "timer.s(" + p / 1_000_000_000L + ")";
      unit = 1_000_000_000L;
    } else if (p % 1_000_000L == 0) {
      base = "timer.ms(" + p / 1_000_000L + ")";
      unit = 1_000_000L;
    } else if (p % 1_000L == 0) {
      base = "timer.us(" + p / 1_000L + ")";
      unit = 1_000L;
    } else {
      base = "timer.ns(" + p + ")";
      unit = 1;
    }
    return t.randomizeNanos() == 0 ? base : base + ".randomize(" + t.randomizeNanos() / unit + ")";
  }

  /** A probe point as written (before resolution), without its suffixes. */
  public static String text(ProbePoint point) {
    var b = new StringBuilder();
    for (var c : point.components()) {
      if (!b.isEmpty()) b.append('.');
      b.append(c.name());
      if (c.argument() != null) {
        b.append('(');
        switch (c.argument()) {
          case NumberLit n -> b.append(n.value());
          case StringLit s -> b.append('"').append(s.text()).append('"');
        }
        b.append(')');
      }
    }
    return b.toString();
  }
}

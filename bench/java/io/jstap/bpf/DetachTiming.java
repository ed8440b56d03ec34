package io.jstap.bpf;

import io.jstap.kernel.Tracefs;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark driver: time to detach K tracepoint attachments one after another versus with
 * {@link Attachments#closeAll} (parallel). Usage: java ... io.jstap.bpf.DetachTiming [K] [ROUNDS]
 */
public final class DetachTiming {
  public static void main(String[] args) {
    int k = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Tracefs tracefs = Tracefs.open();
    List<String> events =
        tracefs.availableEvents().stream().filter(e -> e.startsWith("syscalls:sys_enter_")).limit(k).toList();
    var code = AssembledProgram.of(List.of(Alu.mov(Reg.R0, 0), Exit.exit()));
    try (var p = BpfProgram.load(ProgramSpec.of("nop", ProgramType.TRACEPOINT, code), java.util.Map.of())) {
      long[] seq = new long[rounds], par = new long[rounds];
      for (int r = 0; r < rounds; r++) {
        var a = attach(p, tracefs, events);
        long t0 = System.nanoTime();
        for (Attachment x : a) x.close();
        seq[r] = System.nanoTime() - t0;
        a = attach(p, tracefs, events);
        t0 = System.nanoTime();
        Attachments.closeAll(a);
        par[r] = System.nanoTime() - t0;
      }
      report("classic tracepoints", events.size(), seq, par);
    }
    // raw tracepoints: one per tracepoint of the sched and timer systems
    List<String> raw =
        tracefs.availableEvents().stream()
            .filter(e -> e.startsWith("sched:") || e.startsWith("timer:"))
            .map(e -> e.substring(e.indexOf(':') + 1))
            .limit(k)
            .toList();
    try (var p = BpfProgram.load(ProgramSpec.of("nop", ProgramType.RAW_TRACEPOINT, code), java.util.Map.of())) {
      long[] seq = new long[rounds], par = new long[rounds];
      for (int r = 0; r < rounds; r++) {
        var a = attachRaw(p, raw);
        long t0 = System.nanoTime();
        for (Attachment x : a) x.close();
        seq[r] = System.nanoTime() - t0;
        a = attachRaw(p, raw);
        t0 = System.nanoTime();
        Attachments.closeAll(a);
        par[r] = System.nanoTime() - t0;
      }
      report("raw tracepoints", raw.size(), seq, par);
    }
  }

  static void report(String what, int k, long[] seq, long[] par) {
    java.util.Arrays.sort(seq);
    java.util.Arrays.sort(par);
    int m = seq.length / 2;
    System.out.printf(
        "%d %s, median of %d rounds: one by one %.1f ms (%.1f ms each), in parallel %.1f ms%n",
        k, what, seq.length, seq[m] / 1e6, seq[m] / 1e6 / k, par[m] / 1e6);
  }

  static List<Attachment> attachRaw(BpfProgram p, List<String> names) {
    var out = new ArrayList<Attachment>();
    for (String n : names) out.add(Link.rawTracepoint(p, n));
    return out;
  }

  static List<Attachment> attach(BpfProgram p, Tracefs tracefs, List<String> events) {
    var out = new ArrayList<Attachment>();
    for (String e : events) {
      String[] se = e.split(":");
      out.add(PerfEvent.tracepoint(p, tracefs, se[0], se[1]));
    }
    return out;
  }
}

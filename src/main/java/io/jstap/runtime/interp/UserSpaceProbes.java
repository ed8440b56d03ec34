package io.jstap.runtime.interp;

import io.jstap.sema.CheckedScript;
import io.jstap.sema.ProbeTarget;
import io.jstap.sema.ResolvedProbe;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The probes of a script that run in user space, grouped and in the order SystemTap runs them:
 * begin, end and error probes by priority (lowest first; {@code begin(-1)} before {@code
 * begin}), those of equal priority in script order.
 *
 * @param begin run at the start, before kernel probes are attached
 * @param end run once when the session ends normally
 * @param error run instead of end when the session ends because of run-time errors
 * @param timers timer probes, in script order
 */
public record UserSpaceProbes(
    List<ResolvedProbe> begin, List<ResolvedProbe> end, List<ResolvedProbe> error,
    List<ResolvedProbe> timers) {

  public UserSpaceProbes {
    begin = List.copyOf(begin);
    end = List.copyOf(end);
    error = List.copyOf(error);
    timers = List.copyOf(timers);
  }

  /** Sorts out the user-space probes of {@code script} ({@code never} probes are left out). */
  public static UserSpaceProbes of(CheckedScript script) {
    var begin = new ArrayList<ResolvedProbe>();
    var end = new ArrayList<ResolvedProbe>();
    var error = new ArrayList<ResolvedProbe>();
    var timers = new ArrayList<ResolvedProbe>();
    for (ResolvedProbe p : script.probes()) {
      switch (p.target()) {
        case ProbeTarget.Begin b -> begin.add(p);
        case ProbeTarget.End e -> end.add(p);
        case ProbeTarget.ErrorProbe e -> error.add(p);
        case ProbeTarget.Timer t -> timers.add(p);
        case ProbeTarget.Never n -> {}
        case ProbeTarget.Tracepoint t -> {}
        case ProbeTarget.PerfEvent pe -> {}
        case ProbeTarget.KernelFunction k -> {}
        case ProbeTarget.ProcessFunction pf -> {}
        case ProbeTarget.ProcessStatement ps -> {}
        case ProbeTarget.ProcessMark pm -> {}
        case ProbeTarget.ProcessLifecycle pl -> {}
      }
    }
    Comparator<ResolvedProbe> byPriority = Comparator.comparingLong(UserSpaceProbes::priority);
    begin.sort(byPriority); // List.sort is stable: script order among equals
    end.sort(byPriority);
    error.sort(byPriority);
    return new UserSpaceProbes(begin, end, error, timers);
  }

  private static long priority(ResolvedProbe p) {
    return switch (p.target()) {
      case ProbeTarget.Begin b -> b.priority();
      case ProbeTarget.End e -> e.priority();
      case ProbeTarget.ErrorProbe e -> e.priority();
      default -> 0;
    };
  }
}

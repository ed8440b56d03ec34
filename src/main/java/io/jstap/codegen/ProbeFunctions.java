package io.jstap.codegen;

import io.jstap.sema.ProbeTarget;
import io.jstap.sema.ResolvedProbe;

/** What {@code probefunc()}/{@code ppfunc()} return for a probe. */
final class ProbeFunctions {
  private ProbeFunctions() {}

  static String functionOf(ResolvedProbe probe) {
    return switch (probe.target()) {
      case ProbeTarget.KernelFunction k -> k.function();
      case ProbeTarget.ProcessFunction f -> f.symbol();
      case ProbeTarget.Tracepoint t -> t.event();
      case ProbeTarget.ProcessMark m -> m.name();
      default -> "";
    };
  }
}

package io.jstap.testing;

import io.jstap.bpf.Feature;
import io.jstap.bpf.Features;
import io.jstap.kernel.KernelVersion;
import org.junit.jupiter.api.Assumptions;

/**
 * Turns a missing kernel feature into a skipped test with the reason, except when the kernel is
 * new enough to have it and no build option can explain its absence: then the test fails, as
 * jstap's detection (or the kernel) is broken.
 */
public final class FeatureAssumptions {
  private FeatureAssumptions() {}

  public static void assumeFeature(Feature f) {
    var missing = Features.missing(f);
    if (missing.isEmpty()) return;
    if (f.configOption() == null && KernelVersion.running().atLeast(f.since())) {
      throw new AssertionError(
          "Linux " + KernelVersion.running() + " should have " + f.description() + " (since " + f.since() + "), but: "
              + missing.get());
    }
    Assumptions.abort(missing.get());
  }
}

package io.jstap.kernel;

import java.util.Map;

/**
 * Which optional kernel features are there (ring buffers, kprobes, BPF trampolines...). The
 * running kernel answers through feature probes; a fixture answers from a list. Feature names are
 * the probes' own (for example {@code ringbuf}, {@code kprobes}).
 */
public interface KernelFeatures {
  /** Whether a feature is there, and if not, why: a sentence a user can act on. */
  FeatureStatus status(String feature);

  /**
   * The answer about one feature.
   *
   * @param feature the feature's name
   * @param available whether the kernel has it
   * @param reason why not (e.g. "kprobes not supported (CONFIG_KPROBES is off)"); empty when
   *     available
   */
  record FeatureStatus(String feature, boolean available, String reason) {}

  /** Fixed answers, for fixtures: features not listed are reported missing, saying so. */
  static KernelFeatures of(Map<String, FeatureStatus> answers) {
    Map<String, FeatureStatus> copy = Map.copyOf(answers);
    return feature -> copy.getOrDefault(feature, new FeatureStatus(feature, false,
        feature + ": not known to these kernel facts"));
  }
}

package io.jstap.sema;

import java.util.List;
import java.util.Optional;

/**
 * What probe resolution may ask of the machine the script will run on: which tracepoints,
 * kernel functions, program symbols and USDT marks exist. The runtime answers from the
 * running kernel and the binaries on disk; tests answer from fixtures, so resolution stays
 * deterministic and kernel-free.
 */
public interface ProbeEnvironment {

  /** Every tracepoint, as {@code subsystem:event}. */
  List<String> tracepoints();

  /** Whether one tracepoint exists (cheaper than listing them all, where it can be). */
  default boolean hasTracepoint(String subsystem, String event) {
    return tracepoints().contains(subsystem + ":" + event);
  }

  /**
   * The arguments of a tracepoint, in order, with their C types: for raw tracepoints the
   * prototype's parameters (from BTF), for the others the fields of its format file.
   */
  List<TracepointArg> tracepointArgs(String subsystem, String event);

  /** One tracepoint argument: its name and C type ({@code const char *}, {@code int}...). */
  record TracepointArg(String name, String cType) {}

  /** Kernel functions that kprobes could attach to (from kallsyms or BTF). */
  List<String> kernelFunctions();

  /**
   * The absolute path of an executable or shared library named in {@code process("...")} or
   * {@code .library("...")}: a path as given, or a bare name searched on PATH (libraries also in
   * the usual library folders).
   */
  Optional<String> resolveBinary(String nameOrPath, boolean library);

  /** The executable a running process runs ({@code /proc/PID/exe}). */
  Optional<String> executableOf(long pid);

  /** Function symbols of a binary (its .symtab, else .dynsym). */
  List<String> functions(String binary);

  /** USDT marks of a binary, as {@code provider:name}. */
  List<String> marks(String binary);

  /**
   * Whether a binary has a function of this exact name that no symbol names but that the
   * compiler can still find (a static function of a stripped QEMU, through the trace event
   * named after it). Asked only for a name without wildcards that no symbol matched.
   */
  default boolean hasUnnamedFunction(String binary, String name) {
    return false;
  }

  /** The length of a jiffy (1 / CONFIG_HZ seconds), for timer.jiffies and timer.profile. */
  default long jiffyNanos() {
    return 4_000_000L; // CONFIG_HZ=250, the most common setting
  }

  /** An environment where nothing exists, for scripts with only begin/end/timer probes. */
  static ProbeEnvironment empty() {
    return new ProbeEnvironment() {
      @Override
      public List<String> tracepoints() {
        return List.of();
      }

      @Override
      public List<TracepointArg> tracepointArgs(String subsystem, String event) {
        return List.of();
      }

      @Override
      public List<String> kernelFunctions() {
        return List.of();
      }

      @Override
      public Optional<String> resolveBinary(String nameOrPath, boolean library) {
        return Optional.empty();
      }

      @Override
      public Optional<String> executableOf(long pid) {
        return Optional.empty();
      }

      @Override
      public List<String> functions(String binary) {
        return List.of();
      }

      @Override
      public List<String> marks(String binary) {
        return List.of();
      }
    };
  }
}

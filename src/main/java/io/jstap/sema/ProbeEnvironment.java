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

  /**
   * The shared libraries {@code process("program").library("pattern")} names: a path as given;
   * else those of the program's libraries (its DT_NEEDED, and theirs) whose file name or
   * soname matches the pattern (wildcards allowed), or starts with the pattern and
   * {@code ".so"} ({@code "libc"} is {@code libc.so.6}); else a library of that name in the
   * usual folders. {@code program} may be null.
   */
  default List<String> resolveLibraries(String program, String pattern) {
    return resolveBinary(pattern, true).map(List::of).orElse(List.of());
  }

  /**
   * Why a binary has no function of this name, when the binary can tell: it only imports it
   * (and which of its libraries defines it), or it is stripped. Empty when there is nothing to
   * add to "no function".
   */
  default Optional<MissingFunction> whyNoFunction(String binary, String name) {
    return Optional.empty();
  }

  /**
   * What a binary says about a function it does not define.
   *
   * @param imported the function the binary imports: the name asked for, or the import
   *     closest to it (null when it imports nothing like it from its libraries)
   * @param importedFrom the library of the binary's that defines {@code imported}
   * @param stripped the binary has no .symtab: only exported functions have names
   * @param exportedFunctions how many functions .dynsym names
   */
  record MissingFunction(String imported, String importedFrom, boolean stripped,
      int exportedFunctions) {}

  /**
   * Why a file named in {@code process("...")} cannot be probed, when it is no ELF file (a
   * shell script, a wrapper such as pyenv's shims): a sentence naming what it is. Empty for an
   * ELF file.
   */
  default Optional<String> notAProgram(String path) {
    return Optional.empty();
  }

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

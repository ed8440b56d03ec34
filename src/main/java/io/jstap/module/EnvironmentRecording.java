package io.jstap.module;

import io.jstap.sema.ProbeEnvironment.TracepointArg;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every answer the machine gave probe resolution while a script was compiled: enough to run
 * passes 1 and 2 again, elsewhere, and get the same probes ({@link ReplayEnvironment}). Only the
 * questions asked are kept (a script that names one tracepoint does not keep kallsyms).
 *
 * @param tracepoints the tracepoint list, or null when it was not asked for
 * @param tracepointArgs arguments by {@code subsystem:event}
 * @param kernelFunctions kprobe-able functions, or null when not asked for
 * @param binaries {@code resolveBinary} answers by {@link #binaryKey}
 * @param executables {@code executableOf} answers by pid
 * @param functions function symbols by binary
 * @param marks USDT marks by binary
 * @param jiffyNanos the jiffy, or 0 when not asked for
 * @param exists yes/no answers by {@link #tracepointKey} and {@link #unnamedFunctionKey}
 * @param libraries {@code resolveLibraries} answers by {@link #librariesKey}
 */
public record EnvironmentRecording(
    List<String> tracepoints,
    Map<String, List<TracepointArg>> tracepointArgs,
    List<String> kernelFunctions,
    Map<String, Optional<String>> binaries,
    Map<Long, Optional<String>> executables,
    Map<String, List<String>> functions,
    Map<String, List<String>> marks,
    long jiffyNanos,
    Map<String, Boolean> exists,
    Map<String, List<String>> libraries) {

  public EnvironmentRecording {
    tracepoints = tracepoints == null ? null : List.copyOf(tracepoints);
    tracepointArgs = Map.copyOf(tracepointArgs);
    kernelFunctions = kernelFunctions == null ? null : List.copyOf(kernelFunctions);
    binaries = Map.copyOf(binaries);
    executables = Map.copyOf(executables);
    functions = Map.copyOf(functions);
    marks = Map.copyOf(marks);
    exists = Map.copyOf(exists);
    libraries = Map.copyOf(libraries);
  }

  static String tracepointKey(String subsystem, String event) {
    return "tracepoint:" + subsystem + ":" + event;
  }

  static String unnamedFunctionKey(String binary, String name) {
    return "function:" + binary + ":" + name;
  }

  /** The key of a {@code resolveLibraries(program, pattern)} question. */
  static String librariesKey(String program, String pattern) {
    return (program == null ? "" : program) + "\0" + pattern;
  }

  /** The key of a {@code resolveBinary(name, library)} question. */
  static String binaryKey(String nameOrPath, boolean library) {
    return (library ? "library:" : "program:") + nameOrPath;
  }
}

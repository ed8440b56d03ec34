package io.jstap.module;

import io.jstap.sema.ProbeEnvironment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A probe environment that answers from another one and writes every answer down, so that a
 * module can replay the resolution ({@link ReplayEnvironment}).
 */
public final class RecordingEnvironment implements ProbeEnvironment {
  private final ProbeEnvironment machine;
  private List<String> tracepoints;
  private final Map<String, List<TracepointArg>> tracepointArgs = new LinkedHashMap<>();
  private List<String> kernelFunctions;
  private final Map<String, Optional<String>> binaries = new LinkedHashMap<>();
  private final Map<Long, Optional<String>> executables = new LinkedHashMap<>();
  private final Map<String, List<String>> functions = new LinkedHashMap<>();
  private final Map<String, List<String>> marks = new LinkedHashMap<>();
  private long jiffyNanos;
  private final Map<String, Boolean> exists = new LinkedHashMap<>();
  private final Map<String, List<String>> libraries = new LinkedHashMap<>();

  public RecordingEnvironment(ProbeEnvironment machine) {
    this.machine = machine;
  }

  /** What was asked and answered so far. */
  public EnvironmentRecording recording() {
    return new EnvironmentRecording(tracepoints, tracepointArgs, kernelFunctions, binaries,
        executables, functions, marks, jiffyNanos, exists, libraries);
  }

  @Override
  public List<String> tracepoints() {
    if (tracepoints == null) tracepoints = List.copyOf(machine.tracepoints());
    return tracepoints;
  }

  @Override
  public boolean hasTracepoint(String subsystem, String event) {
    return exists.computeIfAbsent(EnvironmentRecording.tracepointKey(subsystem, event),
        k -> machine.hasTracepoint(subsystem, event));
  }

  @Override
  public boolean hasUnnamedFunction(String binary, String name) {
    return exists.computeIfAbsent(EnvironmentRecording.unnamedFunctionKey(binary, name),
        k -> machine.hasUnnamedFunction(binary, name));
  }

  @Override
  public List<TracepointArg> tracepointArgs(String subsystem, String event) {
    return tracepointArgs.computeIfAbsent(subsystem + ":" + event,
        k -> List.copyOf(machine.tracepointArgs(subsystem, event)));
  }

  @Override
  public List<String> kernelFunctions() {
    if (kernelFunctions == null) kernelFunctions = List.copyOf(machine.kernelFunctions());
    return kernelFunctions;
  }

  @Override
  public Optional<String> resolveBinary(String nameOrPath, boolean library) {
    return binaries.computeIfAbsent(EnvironmentRecording.binaryKey(nameOrPath, library),
        k -> machine.resolveBinary(nameOrPath, library));
  }

  @Override
  public List<String> resolveLibraries(String program, String pattern) {
    return libraries.computeIfAbsent(EnvironmentRecording.librariesKey(program, pattern),
        k -> List.copyOf(machine.resolveLibraries(program, pattern)));
  }

  // Asked only when a probe point fails to resolve, and a failing script makes no module:
  // answered, not recorded.
  @Override
  public Optional<MissingFunction> whyNoFunction(String binary, String name) {
    return machine.whyNoFunction(binary, name);
  }

  @Override
  public Optional<String> notAProgram(String path) {
    return machine.notAProgram(path);
  }

  @Override
  public Optional<String> executableOf(long pid) {
    return executables.computeIfAbsent(pid, machine::executableOf);
  }

  @Override
  public List<String> functions(String binary) {
    return functions.computeIfAbsent(binary, b -> List.copyOf(machine.functions(b)));
  }

  @Override
  public List<String> marks(String binary) {
    return marks.computeIfAbsent(binary, b -> List.copyOf(machine.marks(b)));
  }

  @Override
  public long jiffyNanos() {
    if (jiffyNanos == 0) jiffyNanos = machine.jiffyNanos();
    return jiffyNanos;
  }
}

package io.jstap.module;

import io.jstap.sema.ProbeEnvironment;
import java.util.List;
import java.util.Optional;

/**
 * The machine a module was compiled on, as probe resolution saw it: answers come from the
 * module's {@link EnvironmentRecording}. A question that was not asked at compile time means
 * that this jstap resolves probes differently from the one that built the module: {@link
 * NotRecorded} says so.
 */
public final class ReplayEnvironment implements ProbeEnvironment {
  private final EnvironmentRecording recording;

  public ReplayEnvironment(EnvironmentRecording recording) {
    this.recording = recording;
  }

  /** A question the recording has no answer for. */
  public static final class NotRecorded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotRecorded(String question) {
      super("the module does not record " + question);
    }
  }

  private static <T> T answer(T value, String question) {
    if (value == null) throw new NotRecorded(question);
    return value;
  }

  @Override
  public List<String> tracepoints() {
    return answer(recording.tracepoints(), "the tracepoint list");
  }

  @Override
  public boolean hasTracepoint(String subsystem, String event) {
    return answer(recording.exists().get(EnvironmentRecording.tracepointKey(subsystem, event)),
        "whether tracepoint " + subsystem + ":" + event + " exists");
  }

  @Override
  public boolean hasUnnamedFunction(String binary, String name) {
    return answer(recording.exists().get(EnvironmentRecording.unnamedFunctionKey(binary, name)),
        "where " + name + " is in " + binary);
  }

  @Override
  public List<TracepointArg> tracepointArgs(String subsystem, String event) {
    return answer(recording.tracepointArgs().get(subsystem + ":" + event),
        "the arguments of tracepoint " + subsystem + ":" + event);
  }

  @Override
  public List<String> kernelFunctions() {
    return answer(recording.kernelFunctions(), "the kernel's function list");
  }

  @Override
  public Optional<String> resolveBinary(String nameOrPath, boolean library) {
    return answer(recording.binaries().get(EnvironmentRecording.binaryKey(nameOrPath, library)),
        "where " + nameOrPath + " is");
  }

  @Override
  public List<String> resolveLibraries(String program, String pattern) {
    return answer(recording.libraries().get(EnvironmentRecording.librariesKey(program, pattern)),
        "the libraries '" + pattern + "' names for " + program);
  }

  @Override
  public Optional<String> executableOf(long pid) {
    return answer(recording.executables().get(pid), "the executable of process " + pid);
  }

  @Override
  public List<String> functions(String binary) {
    return answer(recording.functions().get(binary), "the functions of " + binary);
  }

  @Override
  public List<String> marks(String binary) {
    return answer(recording.marks().get(binary), "the USDT marks of " + binary);
  }

  @Override
  public long jiffyNanos() {
    if (recording.jiffyNanos() == 0) throw new NotRecorded("the kernel's jiffy");
    return recording.jiffyNanos();
  }
}

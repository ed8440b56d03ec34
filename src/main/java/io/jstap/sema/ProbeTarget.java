package io.jstap.sema;

/**
 * What a resolved probe attaches to, after aliases and wildcards are expanded. The first group
 * runs in user space (the runtime's interpreter); the others are kernel-context probes whose
 * handlers become BPF programs.
 */
public sealed interface ProbeTarget {

  /** True for probes that run in user space: begin, end, error, never and timers. */
  default boolean runsInUserSpace() {
    return switch (this) {
      case Begin b -> true;
      case End e -> true;
      case ErrorProbe e -> true;
      case Never n -> true;
      case Timer t -> true;
      case Tracepoint t -> false;
      case PerfEvent p -> false;
      case KernelFunction k -> false;
      case ProcessFunction p -> false;
      case ProcessStatement p -> false;
      case ProcessMark p -> false;
      case ProcessLifecycle p -> false;
    };
  }

  /** {@code begin(priority)}: before any kernel probe is attached. */
  record Begin(long priority) implements ProbeTarget {}

  /** {@code end(priority)}: once, when the session ends. */
  record End(long priority) implements ProbeTarget {}

  /** {@code error(priority)}: once, when the session ends because of run-time errors. */
  record ErrorProbe(long priority) implements ProbeTarget {}

  /** {@code never}: checked, never run. */
  record Never() implements ProbeTarget {}

  /**
   * {@code timer.s/ms/us/ns/hz/jiffies(N)[.randomize(M)]}: every {@code periodNanos}, plus a
   * random amount in {@code [-randomizeNanos, randomizeNanos]}.
   */
  record Timer(long periodNanos, long randomizeNanos) implements ProbeTarget {}

  /**
   * A perf event per CPU: {@code timer.profile} (cpu-clock at the kernel's tick rate) or {@code
   * perf.type(T).config(C).sample(N)/.hz(N)}.
   *
   * @param frequency true when {@code period} is a frequency in Hz
   */
  record PerfEvent(int type, long config, long period, boolean frequency) implements ProbeTarget {}

  /** {@code kernel.trace("subsystem:event")}. */
  record Tracepoint(String subsystem, String event) implements ProbeTarget {}

  /**
   * {@code kernel.function("f")[.return]} or {@code kprobe.function("f")[.return]}: a kprobe
   * (or fentry) where the kernel has them.
   */
  record KernelFunction(String function, boolean isReturn) implements ProbeTarget {}

  /**
   * {@code process("binary").function("symbol")[.return]}, also in a shared library ({@code
   * .library("lib")}: {@code binary} is then the library's path).
   *
   * @param pid only this process ({@code process(PID)}), or 0 for every process running it
   * @param program only processes running this executable ({@code process("program")
   *     .library("lib")}), or null for every process that maps {@code binary}
   */
  record ProcessFunction(String binary, long pid, String symbol, boolean isReturn,
      String program) implements ProbeTarget {
    /** The same function's entry. */
    public ProcessFunction atEntry() {
      return new ProcessFunction(binary, pid, symbol, false, program);
    }
  }

  /** {@code process("binary").statement(address)}: the instruction at a link-time address. */
  record ProcessStatement(String binary, long pid, long address, String program)
      implements ProbeTarget {}

  /** {@code process("binary").mark("name")} or {@code .provider("p").mark("name")}: USDT. */
  record ProcessMark(String binary, long pid, String provider, String name, String program)
      implements ProbeTarget {}

  /**
   * {@code process.begin/end}, {@code process("binary").begin/end}, {@code
   * process(PID).begin/end}: a process starting (exec) or exiting.
   *
   * @param binary the path it must run, or null for any
   * @param pid the process it must be, or 0 for any
   */
  record ProcessLifecycle(String binary, long pid, boolean exit) implements ProbeTarget {}
}

package io.jstap.bpf;

import io.jstap.bpf.sys.Bpf;
import io.jstap.bpf.sys.PerfEventOpen;
import io.jstap.bpf.sys.Syscall;
import io.jstap.bpf.sys.SyscallException;
import io.jstap.kernel.PerfEventSource;
import io.jstap.kernel.Tracefs;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A perf event with a program attached: a classic tracepoint, a uprobe or kprobe through its
 * PMU, or a per-CPU software event. The program is attached with a BPF link where the kernel has
 * them (Linux 5.15), else with PERF_EVENT_IOC_SET_BPF.
 */
public final class PerfEvent implements Attachment {
  private final int fd;
  private final Link link;
  private final String description;
  private volatile boolean closed;

  private PerfEvent(int fd, Link link, String description) {
    this.fd = fd;
    this.link = link;
    this.description = description;
  }

  /**
   * Attaches a {@link ProgramType#TRACEPOINT} program to tracepoint {@code system:event}. One
   * event on CPU 0 with pid -1 sees the tracepoint on every CPU.
   */
  public static PerfEvent tracepoint(BpfProgram program, Tracefs tracefs, String system, String event) {
    return tracepoint(program, tracefs.eventId(system, event), system + ":" + event);
  }

  /** Same, with the tracepoint's id already read from tracefs. */
  public static PerfEvent tracepoint(BpfProgram program, int tracepointId, String name) {
    requireType(program, ProgramType.TRACEPOINT, "tracepoint");
    String what = "tracepoint " + name;
    int fd = open(what, PerfEventOpen.TYPE_TRACEPOINT, tracepointId, 0, 0, 0, false, -1, 0);
    return attach(fd, program, what);
  }

  /**
   * Attaches a {@link ProgramType#KPROBE}-type program to a uprobe or uretprobe at {@code
   * fileOffset} in {@code binary} (an offset in the file, not a virtual address), for every
   * process. {@code refCtrOffset} is the file offset of a USDT semaphore the kernel increments
   * while the probe is attached, or 0.
   */
  public static PerfEvent uprobe(BpfProgram program, Path binary, long fileOffset, boolean returnProbe, long refCtrOffset) {
    return uprobe(program, binary, fileOffset, returnProbe, refCtrOffset, -1);
  }

  /** Same, for one process only ({@code pid}), or every process when pid is -1. */
  public static PerfEvent uprobe(
      BpfProgram program, Path binary, long fileOffset, boolean returnProbe, long refCtrOffset, int pid) {
    requireType(program, ProgramType.KPROBE, "uprobe");
    Features.require(Feature.UPROBES);
    if (!Files.isRegularFile(binary)) throw new BpfException("cannot probe " + binary + ": no such file");
    PerfEventSource pmu = PerfEventSource.find("uprobe").orElseThrow();
    long config = returnProbe ? 1L << bit(pmu, "retprobe", 0) : 0;
    if (refCtrOffset != 0) {
      int shift = pmu.format("ref_ctr_offset").map(PerfEventSource.FormatField::lowBit).orElseThrow(
          () -> new UnsupportedFeatureException(Feature.UPROBES, "USDT semaphores not supported (requires Linux >= 4.20)"));
      config |= refCtrOffset << shift;
    }
    String what = (returnProbe ? "uretprobe " : "uprobe ") + binary + ":0x" + Long.toHexString(fileOffset);
    try (Arena arena = Arena.ofConfined()) {
      long path = arena.allocateFrom(binary.toAbsolutePath().toString()).address();
      // one event sees the probe on every CPU: (pid -1, cpu 0), or (pid, any cpu)
      int fd = open(what, pmu.type(), config, path, fileOffset, 0, false, pid, pid == -1 ? 0 : -1);
      return attach(fd, program, pid == -1 ? what : what + " in process " + pid);
    }
  }

  /**
   * Attaches a {@link ProgramType#KPROBE} program to a kprobe or kretprobe on kernel function
   * {@code symbol} (+ {@code offset}), where the kernel has kprobes.
   */
  public static PerfEvent kprobe(BpfProgram program, String symbol, long offset, boolean returnProbe) {
    requireType(program, ProgramType.KPROBE, "kprobe");
    Features.require(Feature.KPROBES);
    PerfEventSource pmu = PerfEventSource.find("kprobe").orElseThrow();
    long config = returnProbe ? 1L << bit(pmu, "retprobe", 0) : 0;
    String what = (returnProbe ? "kretprobe " : "kprobe ") + symbol + (offset == 0 ? "" : "+" + offset);
    try (Arena arena = Arena.ofConfined()) {
      long name = arena.allocateFrom(symbol).address();
      int fd = open(what, pmu.type(), config, name, offset, 0, false, -1, 0);
      return attach(fd, program, what);
    }
  }

  /**
   * Attaches a {@link ProgramType#PERF_EVENT} program to a software cpu-clock event on each
   * online CPU, firing every {@code periodNanos} nanoseconds, or {@code hz} times a second when
   * {@code frequency} is true.
   */
  public static List<PerfEvent> cpuClock(BpfProgram program, long periodOrHz, boolean frequency) {
    return perCpu(program, PerfEventOpen.TYPE_SOFTWARE, PerfEventOpen.SW_CPU_CLOCK, periodOrHz, frequency);
  }

  /**
   * Attaches a {@link ProgramType#PERF_EVENT} program to a sampling perf event of {@code type}
   * and {@code config} (enum perf_type_id and its config values, include/uapi/linux/perf_event.h:
   * SystemTap's {@code perf.type(T).config(C)}) on each online CPU.
   */
  public static List<PerfEvent> perCpu(BpfProgram program, int type, long config, long periodOrHz, boolean frequency) {
    requireType(program, ProgramType.PERF_EVENT, "perf event");
    Features.require(Feature.PERF_EVENTS);
    if (periodOrHz <= 0) throw new IllegalArgumentException("sampling period or frequency must be positive");
    var out = new ArrayList<PerfEvent>();
    try {
      for (int cpu : Cpus.online()) {
        String what = "perf event " + type + ":" + config + " on CPU " + cpu;
        int fd = open(what, type, config, 0, 0, periodOrHz, frequency, -1, cpu);
        out.add(attach(fd, program, what));
      }
      return out;
    } catch (RuntimeException e) {
      Attachments.closeAll(out);
      throw e;
    }
  }

  private static int bit(PerfEventSource pmu, String field, int fallback) {
    return pmu.format(field).map(PerfEventSource.FormatField::lowBit).orElse(fallback);
  }

  private static void requireType(BpfProgram program, ProgramType type, String what) {
    if (program.type() != type) {
      throw new IllegalArgumentException(program + " cannot attach to a " + what + " (needs a " + type + " program)");
    }
  }

  private static int open(
      String what, int type, long config, long config1, long config2, long period, boolean freq, int pid, int cpu) {
    try {
      return PerfEventOpen.open(what, type, config, config1, config2, period, freq, pid, cpu);
    } catch (SyscallException e) {
      throw BpfException.of(e);
    }
  }

  /** Whether BPF_LINK_CREATE works for perf events; null until first tried. */
  private static volatile Boolean links;

  private static PerfEvent attach(int perfFd, BpfProgram program, String what) {
    String description = program + " on " + what;
    try {
      if (links != Boolean.FALSE) {
        long r = Bpf.linkCreate(program.fd(), perfFd, AttachType.PERF_EVENT.id(), 0);
        if (r >= 0) {
          links = true;
          return new PerfEvent(perfFd, new Link((int) r, description), description);
        }
        if (r != -22 || links == Boolean.TRUE) throw new SyscallException("bpf(BPF_LINK_CREATE)", (int) -r);
        links = false; // EINVAL: a kernel before 5.15; attach the old way
      }
      PerfEventOpen.setBpf(perfFd, program.fd());
      PerfEventOpen.enable(perfFd);
      return new PerfEvent(perfFd, null, description);
    } catch (SyscallException e) {
      Syscall.close(perfFd);
      String hint = e.errno() == 17 ? " (this program is already attached to this event)" : "";
      throw BpfException.of(e, "attaching " + description + hint);
    }
  }

  public int fd() {
    return fd;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    if (link != null) link.close();
    Syscall.close(fd);
  }

  @Override
  public String toString() {
    return description;
  }
}

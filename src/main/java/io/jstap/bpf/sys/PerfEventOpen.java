package io.jstap.bpf.sys;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * perf_event_open(2) and the perf ioctls. Offsets are those of {@code struct perf_event_attr}
 * in include/uapi/linux/perf_event.h (PERF_ATTR_SIZE_VER8 = 136 bytes).
 */
public final class PerfEventOpen {
  private PerfEventOpen() {}

  static final int ATTR_SIZE = 136;

  // enum perf_type_id
  public static final int TYPE_SOFTWARE = 1;
  public static final int TYPE_TRACEPOINT = 2;
  // enum perf_sw_ids
  public static final long SW_CPU_CLOCK = 0;
  // attr.flags bit 10: sample_freq instead of sample_period
  private static final long FLAG_FREQ = 1L << 10;
  // PERF_FLAG_FD_CLOEXEC
  private static final long FD_CLOEXEC = 8;

  // _IO('$', 0), _IO('$', 1), _IOW('$', 8, __u32)
  static final long IOC_ENABLE = 0x2400;
  static final long IOC_DISABLE = 0x2401;
  static final long IOC_SET_BPF = 0x40042408;

  /**
   * Opens a perf event. {@code config1} and {@code config2} carry a kprobe's symbol or a
   * uprobe's path (as pointers) and offset; {@code samplePeriodOrFrequency} is a frequency in Hz
   * when {@code frequency} is true (0 for tracepoints and probes, whose BPF program runs on
   * every hit). No sample is recorded: BPF programs are the only consumers.
   */
  public static int open(
      String what,
      int type,
      long config,
      long config1,
      long config2,
      long samplePeriodOrFrequency,
      boolean frequency,
      int pid,
      int cpu) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment a = arena.allocate(ATTR_SIZE, 8);
      a.set(JAVA_INT, 0, type);
      a.set(JAVA_INT, 4, ATTR_SIZE);
      a.set(JAVA_LONG, 8, config);
      a.set(JAVA_LONG, 16, samplePeriodOrFrequency);
      a.set(JAVA_LONG, 40, frequency ? FLAG_FREQ : 0);
      a.set(JAVA_LONG, 56, config1);
      a.set(JAVA_LONG, 64, config2);
      long r =
          Syscall.raw(Syscall.NR.perfEventOpen(), a.address(), pid, cpu, -1, FD_CLOEXEC, 0);
      if (r < 0) throw new SyscallException("perf_event_open(" + what + ")", (int) -r);
      return FileDescriptors.opened((int) r, "perf_event_open " + what);
    }
  }

  // enum perf_sw_ids: counts nothing; carries side-band records
  private static final long SW_DUMMY = 9;
  // enum perf_event_sample_format
  private static final long SAMPLE_TID = 1L << 1;
  private static final long SAMPLE_TIME = 1L << 2;
  // attr.flags bits: mmap, comm, task, sample_id_all, mmap2, comm_exec
  private static final long FLAGS_MAPPINGS = 1L << 8 | 1L << 9 | 1L << 13 | 1L << 18 | 1L << 23
      | 1L << 24;

  /**
   * Opens a side-band event on one CPU for every process: a dummy software event whose ring
   * buffer receives the mappings of executable code (PERF_RECORD_MMAP2), execs (COMM with
   * PERF_RECORD_MISC_COMM_EXEC), forks and exits (FORK, EXIT), each ending with its pid, tid and
   * time (sample_id_all with PERF_SAMPLE_TID | PERF_SAMPLE_TIME), as perf(1) follows processes'
   * memory maps.
   */
  public static int openMappingEvents(int cpu) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment a = arena.allocate(ATTR_SIZE, 8);
      a.set(JAVA_INT, 0, TYPE_SOFTWARE);
      a.set(JAVA_INT, 4, ATTR_SIZE);
      a.set(JAVA_LONG, 8, SW_DUMMY);
      a.set(JAVA_LONG, 24, SAMPLE_TID | SAMPLE_TIME);
      a.set(JAVA_LONG, 40, FLAGS_MAPPINGS);
      String what = "memory map events on CPU " + cpu;
      long r = Syscall.raw(Syscall.NR.perfEventOpen(), a.address(), -1, cpu, -1, FD_CLOEXEC, 0);
      if (r < 0) throw new SyscallException("perf_event_open(" + what + ")", (int) -r);
      return FileDescriptors.opened((int) r, "perf_event_open " + what);
    }
  }

  /** PERF_EVENT_IOC_SET_BPF: the program fd goes by value. */
  public static void setBpf(int perfFd, int progFd) {
    Syscall.ioctl("ioctl(PERF_EVENT_IOC_SET_BPF)", perfFd, IOC_SET_BPF, progFd);
  }

  public static void enable(int perfFd) {
    Syscall.ioctl("ioctl(PERF_EVENT_IOC_ENABLE)", perfFd, IOC_ENABLE, 0);
  }

  public static void disable(int perfFd) {
    Syscall.ioctl("ioctl(PERF_EVENT_IOC_DISABLE)", perfFd, IOC_DISABLE, 0);
  }
}

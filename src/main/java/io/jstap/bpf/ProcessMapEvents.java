package io.jstap.bpf;

import io.jstap.bpf.sys.Mmap;
import io.jstap.bpf.sys.PerfEventOpen;
import io.jstap.bpf.sys.Syscall;
import io.jstap.bpf.sys.SyscallException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The kernel's account of every process's code mappings, execs, forks and exits, read from one
 * side-band perf event per CPU (see {@link PerfEventOpen#openMappingEvents}). With it, the
 * addresses a probe recorded in a process that has exited since are still symbolized: the
 * process's /proc/PID/maps is gone by then, but the mappings it made were written here as they
 * happened.
 *
 * <p>Ring buffer layout: include/uapi/linux/perf_event.h, struct perf_event_mmap_page (data_head
 * at 1024, data_tail at 1032) followed by 2^n data pages; records are struct perf_event_header
 * (u32 type, u16 misc, u16 size) and their body, and may wrap around the data's end.
 */
public final class ProcessMapEvents implements AutoCloseable {
  /** What the side band says, in time order. */
  public sealed interface Event {
    /** When it happened (CLOCK_MONOTONIC-based perf clock, ns). */
    long time();
  }

  /** A file mapped with execute permission ({@code pgoff} is the file offset of {@code start}). */
  public record Mapped(int pid, long time, long start, long length, long pgoff, String path)
      implements Event {}

  /** A process replaced its program: its earlier mappings are gone. */
  public record Exec(int pid, long time) implements Event {}

  /** A new process, with a copy of its parent's mappings. */
  public record Forked(int pid, int parent, long time) implements Event {}

  /** A process ended. */
  public record Exited(int pid, long time) implements Event {}

  /** The kernel dropped {@code count} records: a ring was full. */
  public record Lost(long count, long time) implements Event {}

  // enum perf_event_type
  private static final int RECORD_LOST = 2;
  private static final int RECORD_COMM = 3;
  private static final int RECORD_EXIT = 4;
  private static final int RECORD_FORK = 7;
  private static final int RECORD_MMAP2 = 10;
  private static final int MISC_COMM_EXEC = 1 << 13;
  private static final long DATA_HEAD = 1024;
  private static final long DATA_TAIL = 1032;
  /** 64 data pages a CPU: room for ~3,000 mappings between two drains. */
  private static final int DATA_PAGES = 64;
  private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

  private final List<Integer> fds = new ArrayList<>();
  private final List<MemorySegment> rings = new ArrayList<>();
  private boolean closed;

  private ProcessMapEvents() {}

  /** Opens the side band on every online CPU. */
  public static ProcessMapEvents open() {
    var events = new ProcessMapEvents();
    try {
      long page = MapSpec.PAGE_SIZE;
      for (int cpu : Cpus.online()) {
        int fd = PerfEventOpen.openMappingEvents(cpu);
        events.fds.add(fd);
        events.rings.add(Mmap.map("memory map events", fd, page * (1 + DATA_PAGES), 0, true));
      }
      return events;
    } catch (SyscallException e) {
      events.close();
      throw BpfException.of(e);
    } catch (RuntimeException e) {
      events.close();
      throw e;
    }
  }

  /** Hands every record written since the last call to {@code sink}, oldest first. */
  public synchronized void drain(Consumer<Event> sink) {
    if (closed) return;
    var events = new ArrayList<Event>();
    long page = MapSpec.PAGE_SIZE;
    long size = page * DATA_PAGES;
    for (MemorySegment ring : rings) {
      long head = (long) LONG.getAcquire(ring, DATA_HEAD);
      long tail = (long) LONG.get(ring, DATA_TAIL);
      MemorySegment data = ring.asSlice(page, size);
      while (tail < head) {
        byte[] header = copy(data, tail, 8, size);
        int recordSize = (header[6] & 0xff) | (header[7] & 0xff) << 8;
        if (recordSize < 8) break; // a torn record: stop here, the kernel is writing it
        Event e = parse(ByteBuffer.wrap(copy(data, tail, recordSize, size))
            .order(ByteOrder.nativeOrder()));
        if (e != null) events.add(e);
        tail += recordSize;
      }
      LONG.setRelease(ring, DATA_TAIL, tail);
    }
    events.sort(Comparator.comparingLong(Event::time));
    events.forEach(sink);
  }

  private static byte[] copy(MemorySegment data, long position, int length, long size) {
    byte[] out = new byte[length];
    long at = position % size;
    int first = (int) Math.min(length, size - at);
    MemorySegment.copy(data, ValueLayout.JAVA_BYTE, at, out, 0, first);
    if (first < length) MemorySegment.copy(data, ValueLayout.JAVA_BYTE, 0, out, first, length - first);
    return out;
  }

  /** One record, or null for those of no interest (a thread's fork or exit, other types). */
  static Event parse(ByteBuffer r) {
    int type = r.getInt(0);
    int misc = r.getShort(4) & 0xffff;
    int size = r.getShort(6) & 0xffff;
    // sample_id_all puts {u32 pid, tid; u64 time} at the end of every record but samples
    long time = size >= 16 ? r.getLong(size - 8) : 0;
    return switch (type) {
      case RECORD_MMAP2 -> {
        int pid = r.getInt(8);
        int end = 72;
        while (end < size - 16 && r.get(end) != 0) end++;
        byte[] name = new byte[end - 72];
        r.get(72, name);
        yield new Mapped(pid, time, r.getLong(16), r.getLong(24), r.getLong(32),
            new String(name, StandardCharsets.UTF_8));
      }
      case RECORD_COMM -> (misc & MISC_COMM_EXEC) != 0 ? new Exec(r.getInt(8), time) : null;
      // {u32 pid, ppid; u32 tid, ptid; u64 time}: a process when tid is pid
      case RECORD_FORK -> r.getInt(8) == r.getInt(16) && r.getInt(8) != r.getInt(12)
          ? new Forked(r.getInt(8), r.getInt(12), r.getLong(24)) : null;
      case RECORD_EXIT -> r.getInt(8) == r.getInt(16) ? new Exited(r.getInt(8), r.getLong(24))
          : null;
      case RECORD_LOST -> new Lost(r.getLong(16), time);
      default -> null;
    };
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    for (MemorySegment ring : rings) Mmap.unmap(ring);
    for (int fd : fds) Syscall.close(fd);
  }
}

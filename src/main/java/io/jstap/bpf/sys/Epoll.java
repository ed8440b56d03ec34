package io.jstap.bpf.sys;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * An epoll instance (epoll_create1, epoll_ctl, epoll_pwait). {@code struct epoll_event} is packed
 * on x86_64 (12 bytes: u32 events, u64 data; include/uapi/linux/eventpoll.h) and 16 bytes
 * elsewhere.
 */
public final class Epoll implements AutoCloseable {
  private static final int EPOLL_CLOEXEC = 0x80000;
  private static final int EPOLL_CTL_ADD = 1;
  public static final int EPOLLIN = 1;
  private static final long EVENT_SIZE = Syscall.NR == SyscallNumbers.X86_64 ? 12 : 16;
  private static final long DATA_OFFSET = Syscall.NR == SyscallNumbers.X86_64 ? 4 : 8;
  private static final int MAX_EVENTS = 16;

  private final int fd;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment events;

  public Epoll() {
    this.fd =
        FileDescriptors.opened(
            (int) Syscall.call("epoll_create1", Syscall.NR.epollCreate1(), EPOLL_CLOEXEC, 0, 0),
            "epoll_create1");
    this.events = arena.allocate(EVENT_SIZE * MAX_EVENTS, 8);
  }

  /** Watches {@code watched} for {@code eventMask}, tagging its events with {@code data}. */
  public void add(int watched, int eventMask, long data) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment ev = a.allocate(EVENT_SIZE, 8);
      ev.set(JAVA_INT_UNALIGNED, 0, eventMask);
      ev.set(JAVA_LONG_UNALIGNED, DATA_OFFSET, data);
      Syscall.call("epoll_ctl(EPOLL_CTL_ADD)", Syscall.NR.epollCtl(), fd, EPOLL_CTL_ADD, watched, ev.address(), 0, 0);
    }
  }

  /**
   * Waits up to {@code timeoutMillis} (-1: forever) and returns the number of ready descriptors
   * (0 on timeout or when interrupted by a signal).
   */
  public int await(int timeoutMillis) {
    long r = Syscall.raw(Syscall.NR.epollPwait(), fd, events.address(), MAX_EVENTS, timeoutMillis, 0, 0);
    if (r == -4) return 0; // EINTR
    if (r < 0) throw new SyscallException("epoll_pwait", (int) -r);
    return (int) r;
  }

  /** The data tag of the i-th ready event of the last {@link #await}. */
  public long readyData(int i) {
    return events.get(JAVA_LONG_UNALIGNED, i * EVENT_SIZE + DATA_OFFSET);
  }

  @Override
  public void close() {
    Syscall.close(fd);
    arena.close();
  }
}

package io.jstap.bpf.sys;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The one native entry point of jstap: libc's variadic {@code syscall(long nr, ...)}, linked
 * lazily on first use, with errno captured right after the call. Linking a downcall handle costs
 * milliseconds at start-up, so every system call jstap makes (bpf, perf_event_open, ioctl, mmap,
 * epoll, close, mount) goes through this single handle with six {@code long} arguments; pointer
 * arguments are passed as addresses ({@link MemorySegment#address()}).
 */
public final class Syscall {
  private Syscall() {}

  /** The running architecture's system call numbers. */
  static final SyscallNumbers NR = SyscallNumbers.forArch(System.getProperty("os.arch"));

  /** Linked on first use (class initialisation of a holder is lazy and thread-safe). */
  @SuppressWarnings("restricted") // the one native binding; callers pass valid addresses
  private static final class Linked {
    static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    static final VarHandle ERRNO =
        CAPTURE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    static final MethodHandle SYSCALL;

    static {
      Linker linker = Linker.nativeLinker();
      MemorySegment address =
          linker.defaultLookup().find("syscall").orElseThrow(() -> new LinkageError("no syscall in libc"));
      SYSCALL =
          linker.downcallHandle(
              address,
              FunctionDescriptor.of(
                  JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
                  JAVA_LONG),
              Linker.Option.firstVariadicArg(1),
              Linker.Option.captureCallState("errno"));
    }

    static final ThreadLocal<MemorySegment> STATE =
        ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));
  }

  /**
   * Makes a system call; returns its result, or {@code -errno} when it failed (libc's wrapper
   * returns -1 and sets errno; no successful call of ours returns -1: mmap's addresses are
   * user-space addresses, below 2^47).
   */
  public static long raw(long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
    MemorySegment state = Linked.STATE.get();
    long r;
    try {
      r = (long) Linked.SYSCALL.invokeExact(state, nr, a1, a2, a3, a4, a5, a6);
    } catch (Throwable t) {
      throw new IllegalStateException("syscall downcall failed", t);
    }
    if (r == -1) return -(int) Linked.ERRNO.get(state, 0L);
    return r;
  }

  /** Makes a system call, throwing {@link SyscallException} named {@code what} on failure. */
  public static long call(String what, long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
    long r = raw(nr, a1, a2, a3, a4, a5, a6);
    if (r < 0 && r >= -4095) throw new SyscallException(what, (int) -r);
    return r;
  }

  public static long call(String what, long nr, long a1, long a2, long a3) {
    return call(what, nr, a1, a2, a3, 0, 0, 0);
  }

  /** close(2); errors other than EINTR mean a bookkeeping bug and are thrown. */
  public static void close(int fd) {
    if (fd < 0) return;
    FileDescriptors.forget(fd);
    long r = raw(NR.close(), fd, 0, 0, 0, 0, 0);
    if (r < 0 && r != -4 /* EINTR: the descriptor is closed anyway on Linux */) {
      throw new SyscallException("close(" + fd + ")", (int) -r);
    }
  }

  /**
   * rt_sigaction(2) setting {@code signal} back to its default action (SIG_DFL, no flags, empty
   * mask: struct kernel_sigaction in include/linux/signal_types.h is handler, flags, restorer,
   * mask, 8 bytes each on 64-bit architectures).
   */
  public static void defaultSignalAction(int signal) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment action = arena.allocate(32, 8); // zeroed: SIG_DFL is 0
      call("rt_sigaction(" + signal + ", SIG_DFL)", NR.rtSigaction(), signal, action.address(),
          0, 8 /* sizeof(sigset_t) */, 0, 0);
    }
  }

  /** ioctl(2) with an integer argument. */
  public static long ioctl(String what, int fd, long request, long arg) {
    return call(what, NR.ioctl(), fd, request, arg);
  }

  /** getppid(2): a system call with no side effect that tests and benchmarks trace. */
  public static long getppid() {
    return raw(NR.getppid(), 0, 0, 0, 0, 0, 0);
  }

  /** getppid(2) number, for programs that filter the raw sys_enter tracepoint on it. */
  public static int getppidNumber() {
    return NR.getppid();
  }

  /** kill(2): sends {@code signal} to process {@code pid}. */
  public static void kill(long pid, int signal) {
    call("kill(" + pid + ", " + signal + ")", NR.kill(), pid, signal, 0);
  }

  /** mount(2) of a pseudo file system, e.g. {@code mount("nodev", target, "tracefs", 0, NULL)}. */
  public static void mount(String source, String target, String fsType, long flags) {
    try (Arena arena = Arena.ofConfined()) {
      call(
          "mount(" + target + ", " + fsType + ")",
          NR.mount(),
          arena.allocateFrom(source).address(),
          arena.allocateFrom(target).address(),
          arena.allocateFrom(fsType).address(),
          flags,
          0,
          0);
    }
  }
}

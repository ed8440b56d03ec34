package io.jstap.bpf.sys;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each descriptor jstap opened was created, recorded only when the system property
 * {@code jstap.trackFds} is true (tests set it, so a leak report can say where the leaked
 * descriptor came from). Off, it costs one static boolean test per descriptor.
 */
public final class FileDescriptors {
  private FileDescriptors() {}

  private static volatile boolean TRACK = Boolean.getBoolean("jstap.trackFds");
  private static final Map<Integer, Throwable> ORIGINS = new ConcurrentHashMap<>();

  /** Records that {@code fd} was just opened by {@code what}; returns fd. */
  public static int opened(int fd, String what) {
    if (TRACK) ORIGINS.put(fd, new Throwable(what + " opened fd " + fd));
    return fd;
  }

  static void forget(int fd) {
    if (TRACK) ORIGINS.remove(fd);
  }

  /** Where a still-open descriptor was created, or null when untracked. */
  public static Throwable origin(int fd) {
    return ORIGINS.get(fd);
  }

  public static boolean tracking() {
    return TRACK;
  }

  /** Starts or stops recording where descriptors are opened (tests turn it on). */
  public static void track(boolean on) {
    TRACK = on;
    if (!on) ORIGINS.clear();
  }
}

package io.jstap.runtime.interp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process that runs user-space handlers: jstap itself. SystemTap's {@code pid()},
 * {@code execname()} and friends describe the process a handler runs in; for begin, end, error
 * and timer probes that is jstap, as it is staprun/stapio for SystemTap. Read from procfs
 * (Documentation/filesystems/proc.rst) once; the thread id is read per call.
 */
final class ThisProcess {
  final long pid;
  final long ppid;
  final long uid;
  final long euid;
  final long gid;
  final long egid;
  final byte[] comm;
  final byte[] parentComm;
  final byte[] cmdline;

  private ThisProcess() {
    ProcessHandle self = ProcessHandle.current();
    pid = self.pid();
    ppid = self.parent().map(ProcessHandle::pid).orElse(0L);
    String status = read("/proc/self/status");
    long[] uids = ids(status, "Uid:");
    long[] gids = ids(status, "Gid:");
    uid = uids[0];
    euid = uids[1];
    gid = gids[0];
    egid = gids[1];
    comm = strip(read("/proc/self/comm")).getBytes(StandardCharsets.UTF_8);
    parentComm = ppid == 0 ? new byte[0]
        : strip(read("/proc/" + ppid + "/comm")).getBytes(StandardCharsets.UTF_8);
    byte[] raw = readBytes("/proc/self/cmdline");
    int end = raw.length;
    while (end > 0 && raw[end - 1] == 0) end--;
    cmdline = java.util.Arrays.copyOf(raw, end);
    for (int i = 0; i < cmdline.length; i++) if (cmdline[i] == 0) cmdline[i] = ' ';
  }

  private static volatile ThisProcess instance;

  static ThisProcess get() {
    ThisProcess p = instance;
    if (p == null) {
      p = new ThisProcess();
      instance = p;
    }
    return p;
  }

  /** The calling thread's id: the name of /proc/thread-self's target directory. */
  static long tid() {
    try {
      Path task = Files.readSymbolicLink(Path.of("/proc/thread-self"));
      return Long.parseLong(task.getFileName().toString());
    } catch (IOException | RuntimeException e) {
      return get().pid;
    }
  }

  private static long[] ids(String status, String field) {
    for (String line : status.split("\n")) {
      if (line.startsWith(field)) {
        String[] f = line.substring(field.length()).trim().split("\\s+");
        return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
      }
    }
    return new long[] {0, 0};
  }

  private static String strip(String s) {
    return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
  }

  private static String read(String path) {
    return new String(readBytes(path), StandardCharsets.UTF_8);
  }

  private static byte[] readBytes(String path) {
    try {
      return Files.readAllBytes(Path.of(path));
    } catch (IOException e) {
      return new byte[0];
    }
  }
}

package io.jstap.bpf.sys;

/**
 * Errno names and texts for the errors bpf(2), perf_event_open(2) and friends return.
 *
 * <p>REPLACE AT MERGE: this is a stand-in for {@code io.jstap.errno.Errno.name(int)} and
 * {@code Errno.text(int)}, which hold the complete tables; once that class is on main, {@link
 * #name} and {@link #text} should delegate to it and this table should go. Texts are glibc's
 * strerror texts; numbers are asm-generic/errno-base.h, asm-generic/errno.h and the
 * kernel-internal ones of include/linux/errno.h (ENOTSUPP 524 leaks out of bpf(2)).
 */
final class ErrnoNames {
  private ErrnoNames() {}

  private static final String[][] TABLE = {
    {},
    {"EPERM", "Operation not permitted"},
    {"ENOENT", "No such file or directory"},
    {"ESRCH", "No such process"},
    {"EINTR", "Interrupted system call"},
    {"EIO", "Input/output error"},
    {"ENXIO", "No such device or address"},
    {"E2BIG", "Argument list too long"},
    {"ENOEXEC", "Exec format error"},
    {"EBADF", "Bad file descriptor"},
    {"ECHILD", "No child processes"},
    {"EAGAIN", "Resource temporarily unavailable"},
    {"ENOMEM", "Cannot allocate memory"},
    {"EACCES", "Permission denied"},
    {"EFAULT", "Bad address"},
    {"ENOTBLK", "Block device required"},
    {"EBUSY", "Device or resource busy"},
    {"EEXIST", "File exists"},
    {"EXDEV", "Invalid cross-device link"},
    {"ENODEV", "No such device"},
    {"ENOTDIR", "Not a directory"},
    {"EISDIR", "Is a directory"},
    {"EINVAL", "Invalid argument"},
    {"ENFILE", "Too many open files in system"},
    {"EMFILE", "Too many open files"},
    {"ENOTTY", "Inappropriate ioctl for device"},
    {"ETXTBSY", "Text file busy"},
    {"EFBIG", "File too large"},
    {"ENOSPC", "No space left on device"},
    {"ESPIPE", "Illegal seek"},
    {"EROFS", "Read-only file system"},
    {"EMLINK", "Too many links"},
    {"EPIPE", "Broken pipe"},
    {"EDOM", "Numerical argument out of domain"},
    {"ERANGE", "Numerical result out of range"},
  };

  static String name(int errno) {
    if (errno > 0 && errno < TABLE.length) return TABLE[errno][0];
    return switch (errno) {
      case 38 -> "ENOSYS";
      case 95 -> "EOPNOTSUPP";
      case 524 -> "ENOTSUPP";
      default -> "errno " + errno;
    };
  }

  static String text(int errno) {
    if (errno > 0 && errno < TABLE.length) return TABLE[errno][1];
    return switch (errno) {
      case 38 -> "Function not implemented";
      case 95 -> "Operation not supported";
      case 524 -> "Operation not supported (kernel-internal ENOTSUPP)";
      default -> "Unknown error " + errno;
    };
  }
}

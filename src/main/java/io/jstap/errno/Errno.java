package io.jstap.errno;

/**
 * Errno names and texts on the running machine, for messages and for {@code errno_str()}.
 * Numbers may be given negated, as the kernel returns them.
 */
public final class Errno {
  private Errno() {}

  /** The symbolic name ({@code EIO}), or {@code E#<n>} for a number no table knows. */
  public static String name(long errno) {
    return ErrnoTable.running().byNumber(errno).map(ErrnoCode::name).orElse("E#" + Math.abs(errno));
  }

  /** The C library's text ({@code Input/output error}), or {@code Unknown error <n>}. */
  public static String text(long errno) {
    return ErrnoTable.running()
        .byNumber(errno)
        .map(ErrnoCode::description)
        .orElse("Unknown error " + Math.abs(errno));
  }

  /** {@code EIO: Input/output error}: the name and the text together. */
  public static String describe(long errno) {
    return name(errno) + ": " + text(errno);
  }
}

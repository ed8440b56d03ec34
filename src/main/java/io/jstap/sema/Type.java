package io.jstap.sema;

/** The value types of SystemTap's language. */
public enum Type {
  /** Not inferred yet (an error if it stays so). */
  UNKNOWN,
  /** 64-bit signed integer. */
  LONG,
  /** A string of at most MAXSTRINGLEN - 1 bytes. */
  STRING,
  /** A statistic fed with {@code <<<}: read only through @count, @sum, @hist_log... */
  STATS;

  /** The word SystemTap's messages use. */
  public String word() {
    return switch (this) {
      case UNKNOWN -> "unknown";
      case LONG -> "long";
      case STRING -> "string";
      case STATS -> "stats";
    };
  }
}

package io.jstap.format;

/** The two value types of SystemTap's language that print functions take. */
public enum ScriptType {
  /** A 64-bit signed integer. */
  LONG,
  /** A string: bytes, not necessarily UTF-8, ending at the first NUL. */
  STRING;

  /** The word SystemTap's diagnostics use for this type. */
  public String word() {
    return this == LONG ? "long" : "string";
  }
}

package io.jstap.lang.ast;

/** A {@code :long} or {@code :string} annotation on a function or parameter, or none. */
public enum DeclaredType {
  UNSPECIFIED,
  LONG,
  STRING
}

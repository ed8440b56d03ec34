package io.jstap.lang.ast;

/** A {@code foreach} sort marker. */
public enum SortOrder {
  NONE,
  ASCENDING,
  DESCENDING
}

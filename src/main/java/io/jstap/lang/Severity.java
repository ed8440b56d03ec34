package io.jstap.lang;

/** How bad a {@link Diagnostic} is. Only errors make a run fail. */
public enum Severity {
  ERROR("error"),
  WARNING("warning"),
  /** Extra context for another diagnostic ("in expansion of macro ...", "opened here"). */
  NOTE("note");

  private final String label;

  Severity(String label) {
    this.label = label;
  }

  /** The word printed after the location, as compilers do. */
  public String label() {
    return label;
  }
}

package io.jstap.format;

/** A conversion's width or precision: absent, a number in the format, or {@code *}. */
public sealed interface FieldSize {
  /** Not given. */
  record Unspecified() implements FieldSize {}

  /** Given in the format, e.g. the 5 of {@code %5d}. */
  record Fixed(int value) implements FieldSize {}

  /** {@code *}: taken from the next argument, a long. */
  record FromArgument() implements FieldSize {}

  FieldSize UNSPECIFIED = new Unspecified();
  FieldSize FROM_ARGUMENT = new FromArgument();
}

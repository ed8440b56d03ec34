package io.jstap.format;

/** The outcome of {@link StapFormat#parse}: a format, or the first mistake in it. */
public sealed interface FormatParse {
  record Parsed(StapFormat format) implements FormatParse {}

  record Invalid(FormatError error) implements FormatParse {}
}

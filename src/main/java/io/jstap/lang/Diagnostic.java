package io.jstap.lang;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One message about a script: where ({@link Span}), what ({@code message}), and optionally what
 * to do ({@code hint}) and related places ({@code notes}, each a {@link Severity#NOTE}).
 *
 * @param hint a suggestion such as "did you mean 'probe'?", or null
 */
public record Diagnostic(
    Severity severity, Span span, String message, String hint, List<Diagnostic> notes) {
  public Diagnostic {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(span, "span");
    Objects.requireNonNull(message, "message");
    notes = List.copyOf(notes);
  }

  public static Diagnostic error(Span span, String message) {
    return new Diagnostic(Severity.ERROR, span, message, null, List.of());
  }

  public static Diagnostic warning(Span span, String message) {
    return new Diagnostic(Severity.WARNING, span, message, null, List.of());
  }

  public static Diagnostic note(Span span, String message) {
    return new Diagnostic(Severity.NOTE, span, message, null, List.of());
  }

  /** This diagnostic with {@code hint} (replacing any earlier one). */
  public Diagnostic withHint(String hint) {
    return new Diagnostic(severity, span, message, hint, notes);
  }

  /** This diagnostic with one more note at {@code where}. */
  public Diagnostic withNote(Span where, String text) {
    var more = new ArrayList<>(notes);
    more.add(note(where, text));
    return new Diagnostic(severity, span, message, hint, more);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }
}

package io.jstap.lang;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Collects the diagnostics of a run, from every stage (parser, checker, code generator,
 * verifier-log mapping), and renders them the way compilers do:
 *
 * <pre>
 * script.stp:3:9: error: expected ')' but found '{'
 *   if (x &gt; 1 {
 *           ^
 * hint: ...
 * </pre>
 *
 * Stages report and go on where they sensibly can, so one run shows several mistakes; an
 * exception means a bug in jstap, never a mistake in the script.
 */
public final class Diagnostics {
  private final List<Diagnostic> all = new ArrayList<>();
  private int errors;

  public void report(Diagnostic d) {
    all.add(d);
    if (d.isError()) errors++;
  }

  public void error(Span span, String message) {
    report(Diagnostic.error(span, message));
  }

  public void warning(Span span, String message) {
    report(Diagnostic.warning(span, message));
  }

  public boolean hasErrors() {
    return errors > 0;
  }

  public int errorCount() {
    return errors;
  }

  /** Everything reported, in order. */
  public List<Diagnostic> all() {
    return Collections.unmodifiableList(all);
  }

  /** Renders every diagnostic, each followed by its notes. */
  public String render() {
    var out = new StringBuilder();
    for (Diagnostic d : all) {
      render(d, out);
    }
    return out.toString();
  }

  /** Renders one diagnostic and its notes into {@code out}. */
  public static void render(Diagnostic d, StringBuilder out) {
    renderOne(d, out);
    for (Diagnostic note : d.notes()) {
      renderOne(note, out);
    }
  }

  private static void renderOne(Diagnostic d, StringBuilder out) {
    Span span = d.span();
    Source source = span.source();
    out.append(span).append(": ").append(d.severity().label()).append(": ")
        .append(d.message()).append('\n');
    int lineStart = source.lineStart(span.start());
    int lineEnd = source.lineEnd(span.start());
    String line = source.text().substring(lineStart, lineEnd);
    if (!line.isBlank() || span.length() > 0) {
      // Control characters would act on the terminal: show them as '?', keeping columns.
      for (char c : line.stripTrailing().toCharArray()) {
        out.append(c < 0x20 && c != '\t' || c == 0x7f ? '?' : c);
      }
      out.append('\n');
      // The underline copies the line's tabs so it stays aligned however tabs are shown.
      for (int i = lineStart; i < span.start(); i++) {
        out.append(source.text().charAt(i) == '\t' ? '\t' : ' ');
      }
      out.append('^');
      int last = Math.min(span.end(), lineEnd);
      for (int i = span.start() + 1; i < last; i++) {
        out.append('~');
      }
      out.append('\n');
    }
    if (d.hint() != null) {
      out.append("hint: ").append(d.hint()).append('\n');
    }
  }
}

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
  /** Longest source line shown whole; longer ones show a window around the column. */
  private static final int MAX_LINE = 150;

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
    String text = source.text();
    if (text.substring(lineStart, lineEnd).isBlank() && span.length() == 0) {
      // Nothing to show (an empty file, an empty line).
    } else {
      // A very long line (generated or minified) shows a window around the column.
      int from = lineStart;
      int to = lineEnd;
      String before = "";
      String after = "";
      if (to - from > MAX_LINE) {
        from = Math.max(lineStart, span.start() - MAX_LINE / 3);
        to = Math.min(lineEnd, from + MAX_LINE);
        if (from > lineStart) before = "...";
        if (to < lineEnd) after = "...";
      }
      out.append(before);
      // Control characters would act on the terminal: show them as '?', keeping columns.
      String shown = text.substring(from, to);
      if (after.isEmpty()) shown = shown.stripTrailing();
      for (int i = 0; i < shown.length(); i++) {
        char c = shown.charAt(i);
        out.append((c < 0x20 && c != '\t') || c == 0x7f ? '?' : c);
      }
      out.append(after).append('\n');
      // The underline copies the line's tabs so it stays aligned however tabs are shown.
      out.append(" ".repeat(before.length()));
      for (int i = from; i < span.start(); i++) {
        out.append(text.charAt(i) == '\t' ? '\t' : ' ');
      }
      out.append('^');
      int last = Math.min(span.end(), to);
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

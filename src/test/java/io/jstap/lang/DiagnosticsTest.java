package io.jstap.lang;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DiagnosticsTest {
  private static final Source SOURCE = new Source("s.stp", "probe begin {\n\tx = foo(1 2)\n}\n");

  @Test
  void rendersLocationLineUnderlineHintAndNotes() {
    var diagnostics = new Diagnostics();
    int at = SOURCE.text().indexOf("2)");
    int open = SOURCE.text().indexOf("(1");
    diagnostics.report(
        Diagnostic.error(new Span(SOURCE, at, at + 1), "expected ','")
            .withHint("separate arguments with ','")
            .withNote(new Span(SOURCE, open, open + 1), "to match this '('"));
    assertThat(diagnostics.hasErrors()).isTrue();
    assertThat(diagnostics.errorCount()).isEqualTo(1);
    assertThat(diagnostics.render()).isEqualTo("""
        s.stp:2:12: error: expected ','
        \tx = foo(1 2)
        \t          ^
        hint: separate arguments with ','
        s.stp:2:9: note: to match this '('
        \tx = foo(1 2)
        \t       ^
        """);
  }

  @Test
  void underlinesTheWholeSpanOnItsFirstLine() {
    var diagnostics = new Diagnostics();
    int at = SOURCE.text().indexOf("foo");
    diagnostics.warning(new Span(SOURCE, at, SOURCE.text().length()), "long");
    assertThat(diagnostics.hasErrors()).isFalse();
    assertThat(diagnostics.render()).isEqualTo("""
        s.stp:2:6: warning: long
        \tx = foo(1 2)
        \t    ^~~~~~~~
        """);
  }

  @Test
  void longLinesShowAWindowAroundTheColumn() {
    String line = "x".repeat(500) + "!" + "y".repeat(500);
    var source = new Source("long.stp", line);
    var diagnostics = new Diagnostics();
    diagnostics.error(new Span(source, 500, 501), "here");
    String[] lines = diagnostics.render().split("\n");
    assertThat(lines[0]).isEqualTo("long.stp:1:501: error: here");
    assertThat(lines[1]).startsWith("...x").endsWith("y...").hasSizeLessThan(160);
    assertThat(lines[1].charAt(lines[2].indexOf('^'))).isEqualTo('!');
  }

  @Test
  void spansKnowTheirLineAndColumn() {
    int at = SOURCE.text().indexOf("foo");
    var span = new Span(SOURCE, at, at + 3);
    assertThat(span.line()).isEqualTo(2);
    assertThat(span.column()).isEqualTo(6);
    assertThat(span.text()).isEqualTo("foo");
    assertThat(span).hasToString("s.stp:2:6");
    assertThat(span.to(Span.at(SOURCE, 0)).text()).startsWith("probe").endsWith("foo");
  }

  @Test
  void lineIndexAgreesWithTheSource() {
    var source = new Source("x.stp", "a\n\nbc\n\tdef\n");
    var index = new LineIndex(source);
    for (int offset = 0; offset <= source.text().length(); offset++) {
      assertThat(index.line(offset)).as("line of " + offset).isEqualTo(source.lineOf(offset));
      assertThat(index.column(offset)).as("column of " + offset).isEqualTo(source.columnOf(offset));
    }
  }
}

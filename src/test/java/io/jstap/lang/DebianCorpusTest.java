package io.jstap.lang;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.lang.ast.Script;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every script Debian's systemtap and systemtap-doc packages install parses without a
 * diagnostic, under a current and an old kernel, and its printed form parses to the same tree.
 */
class DebianCorpusTest {
  /** Two machines, so both sides of the tapsets' kernel-version conditionals get parsed. */
  private record Machine(String release, Function<String, String> config) {}

  private static final List<Machine> MACHINES =
      List.of(
          new Machine("6.18.0-1-amd64", Corpus.ALL_YES),
          new Machine("2.6.32-754.el6.x86_64", name -> null));

  /**
   * Files SystemTap itself rejects: the security band-aid template has {@code {...}} where the
   * user is to write the fix. These must fail, and say where.
   */
  private static final java.util.Map<String, String> NOT_SYSTEMTAP =
      java.util.Map.of(
          "/usr/share/systemtap/examples/security-band-aids/security-bandaid-template.stp",
          "security-bandaid-template.stp:31:32: error: expected an expression but found '.'");

  @Test
  void corpusIsInstalled() {
    assertThat(Corpus.entries())
        .as("SystemTap scripts under /usr/share/systemtap and /usr/share/doc/systemtap; "
            + "scripts/install-test-packages installs the systemtap and systemtap-doc packages")
        .hasSizeGreaterThan(700);
  }

  @TestFactory
  Stream<DynamicTest> everyScriptParsesAndPrintsBackToTheSameTree() {
    return Corpus.entries().stream()
        .map(e -> DynamicTest.dynamicTest(e.name(), () -> check(e)));
  }

  private static void check(Corpus.Entry e) {
    for (Machine m : MACHINES) {
      PreprocessorContext context = Corpus.context(e, m.release(), m.config());
      var diagnostics = new Diagnostics();
      if (e.macroFile()) {
        MacroLibrary.load(List.of(e.source()), context, diagnostics);
        assertThat(diagnostics.render()).as(m.release()).isEmpty();
        continue;
      }
      MacroLibrary library = Corpus.library(e, context);
      Script script = parse(e, e.source(), context, library, diagnostics);
      String expectedError = NOT_SYSTEMTAP.get(e.name());
      if (expectedError != null) {
        assertThat(diagnostics.render()).contains(expectedError);
        return;
      }
      assertThat(diagnostics.render()).as(m.release()).isEmpty();

      String printed = ScriptPrinter.print(script);
      var again = new Diagnostics();
      Script reparsed = parse(e, new Source(e.name() + " (printed)", printed), context, library, again);
      assertThat(again.render()).as("printed form of %s:\n%s", e.name(), printed).isEmpty();
      assertThat(AstShape.of(reparsed)).as("printed form of %s:\n%s", e.name(), printed)
          .isEqualTo(AstShape.of(script));
    }
  }

  private static Script parse(Corpus.Entry e, Source source, PreprocessorContext context,
      MacroLibrary library, Diagnostics diagnostics) {
    return e.tapset()
        ? Frontend.parseTapset(source, context, library, diagnostics)
        : Frontend.parse(source, context, library, diagnostics);
  }
}

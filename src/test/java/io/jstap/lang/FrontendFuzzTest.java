package io.jstap.lang;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.lang.ast.Script;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random and mutated scripts: the front end answers every one with diagnostics (or a tree),
 * never an exception, and a script it accepts prints back to the same tree.
 */
class FrontendFuzzTest {
  private static final PreprocessorContext CONTEXT =
      Scripts.CONTEXT.withArguments(List.of("1", "kernel.function(\"f\")"));

  private static final List<String> TOKENS =
      List.of("probe", "begin", "end", "timer.ms(1)", "kernel.function(\"f\").return", "{", "}",
          "(", ")", "[", "]", ",", ";", "=", "+=", "-=", "<<<", ".=", "x", "y", "arr", "$var",
          "$$parms$", "->", "@cast(p, \"t\")", "@define m(a) %( @a + 1 %)", "@m(2)", "@m",
          "%(", "%?", "%:", "%)", "arch == \"x86_64\"", "kernel_v >= \"5.0\"", "CONFIG_HZ > 100",
          "==", "!=", "<", ">=", "\"str\"", "\"a\\n\"", "1", "0x1f", "077", "-", "+", "*", "/",
          "%", ".", "?", ":", "!", "~", "&", "|", "^", "&&", "||", "<<", ">>", "in", "foreach",
          "if", "else", "while", "for", "next", "break", "continue", "return", "delete", "try",
          "catch", "global", "function", "private", "limit", "string", "long", "%{ c %}", "@1",
          "$1", "$2", "$#", "@#", "@count", "@sum", "@hist_log", "@hist_linear", "printf",
          "print", "println", "\n", "# c\n", "/*", "*/", "\"open", "'", "`", "@entry",
          "@defined", "@var(\"v\")", "++", "--", "=~", "!~", "*", ":long", ":string", "!",
          "f(", "g()", "\t", "\u00e9", "\u0000", "$", "$$", "@", "0", "08", "99999999999999999999999");

  @Provide
  Arbitrary<String> tokenSoup() {
    Arbitrary<String> token = Arbitraries.of(TOKENS);
    Arbitrary<String> sep = Arbitraries.of(" ", "", "\n");
    return Combinators.combine(token, sep).as((t, s) -> t + s).list().ofMaxSize(80)
        .map(parts -> String.join("", parts));
  }

  private static final List<String> SEEDS = seeds();

  private static List<String> seeds() {
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/lang/parse"))) {
      return files.filter(p -> p.toString().endsWith(".stp")).sorted().map(p -> {
        try {
          return Files.readString(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A golden script with a few random edits: deletions, insertions, duplications. */
  @Provide
  Arbitrary<String> mutatedScript() {
    Arbitrary<String> seed = Arbitraries.of(SEEDS);
    Arbitrary<List<int[]>> edits =
        Arbitraries.integers().between(0, 1 << 20).array(int[].class).ofSize(4).list().ofMinSize(1).ofMaxSize(6);
    Arbitrary<String> insert = Arbitraries.of(TOKENS);
    return Combinators.combine(seed, edits, insert.list().ofSize(6)).as((text, ops, inserts) -> {
      var s = new StringBuilder(text);
      for (int i = 0; i < ops.size(); i++) {
        int[] op = ops.get(i);
        int at = s.isEmpty() ? 0 : op[1] % (s.length() + 1);
        int len = 1 + op[2] % 12;
        switch (op[0] % 4) {
          case 0 -> s.delete(at, Math.min(s.length(), at + len));
          case 1 -> s.insert(at, inserts.get(i % inserts.size()));
          case 2 -> s.insert(at, s.substring(at, Math.min(s.length(), at + len)));
          default -> {
            if (at < s.length()) s.setCharAt(at, (char) (op[3] % 128));
          }
        }
      }
      return s.toString();
    });
  }

  @Property(tries = 1500)
  void tokenSoupNeverBreaksTheFrontEnd(@ForAll("tokenSoup") String text) {
    check(text);
  }

  @Property(tries = 1500)
  void mutatedScriptsNeverBreakTheFrontEnd(@ForAll("mutatedScript") String text) {
    check(text);
  }

  private static void check(String text) {
    for (boolean guru : new boolean[] {false, true}) {
      var context = CONTEXT.withGuruMode(guru);
      var diagnostics = new Diagnostics();
      Script script = Frontend.parse(new Source("fuzz.stp", text), context, List.of(), diagnostics);
      String rendered = diagnostics.render();
      assertThat(rendered).doesNotContain("internal error");
      if (diagnostics.hasErrors()) continue;
      String printed = ScriptPrinter.print(script);
      var again = new Diagnostics();
      Script reparsed = Frontend.parse(new Source("printed.stp", printed), context, List.of(), again);
      assertThat(again.hasErrors()).as("printed form of\n%s\nis\n%s\n%s", text, printed, again.render()).isFalse();
      assertThat(AstShape.of(reparsed)).as("printed form of\n%s\nis\n%s", text, printed).isEqualTo(AstShape.of(script));
    }
  }
}

package io.jstap.lang;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.lang.ast.Expr;
import io.jstap.lang.ast.ExprStmt;
import io.jstap.lang.ast.ProbeDecl;
import io.jstap.lang.ast.Script;
import java.util.List;
import java.util.Map;

/** Small helpers to parse test snippets against a fixed machine. */
final class Scripts {
  private Scripts() {}

  static final PreprocessorContext CONTEXT =
      PreprocessorContext.of("6.18.44-test", "x86_64",
          Map.of("CONFIG_64BIT", "y", "CONFIG_HZ", "250", "CONFIG_EMPTY", "",
              "CONFIG_NAME", "\"quoted\"", "CONFIG_SMALL", "4", "CONFIG_BIG", "0x10"));

  record Parsed(Script script, Diagnostics diagnostics) {
    String errors() {
      return diagnostics.render();
    }
  }

  static Parsed parse(String text) {
    return parse(text, CONTEXT);
  }

  static Parsed parse(String text, PreprocessorContext context, Source... macroFiles) {
    var diagnostics = new Diagnostics();
    Script script = Frontend.parse(new Source("t.stp", text), context, List.of(macroFiles), diagnostics);
    return new Parsed(script, diagnostics);
  }

  /** Parses text that must have no diagnostics at all. */
  static Script clean(String text) {
    Parsed p = parse(text);
    assertThat(p.errors()).isEmpty();
    return p.script();
  }

  /** The expression of the first statement of {@code probe begin { EXPR }}. */
  static Expr expr(String expression) {
    Script s = clean("probe begin { " + expression + " }");
    var probe = (ProbeDecl) s.decls().getFirst();
    return ((ExprStmt) probe.body().statements().getFirst()).expr();
  }

  /** The canonical printed form of one expression. */
  static String printed(String expression) {
    return ScriptPrinter.print(expr(expression));
  }
}

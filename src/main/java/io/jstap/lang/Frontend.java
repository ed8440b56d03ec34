package io.jstap.lang;

import io.jstap.lang.ast.Script;
import java.util.List;

/**
 * Pass 1 in one call: preprocess and parse a script. Always returns a tree (what could be
 * parsed) and reports every mistake to the {@link Diagnostics}; it never throws for any input.
 *
 * <pre>
 * var diagnostics = new Diagnostics();
 * Script script = Frontend.parse(source, context, macroFiles, diagnostics);
 * if (diagnostics.hasErrors()) { System.err.print(diagnostics.render()); }
 * </pre>
 */
public final class Frontend {
  private Frontend() {}

  /** Parses a user script with the macros of {@code macroFiles} ({@code .stpm}). */
  public static Script parse(
      Source source, PreprocessorContext context, List<Source> macroFiles, Diagnostics diagnostics) {
    MacroLibrary library = MacroLibrary.load(macroFiles, context, diagnostics);
    return parse(source, context, library, diagnostics);
  }

  /**
   * Parses a user script ({@code -e}, a file, stdin): embedded C needs guru mode, and a script
   * with nothing in it is an error.
   */
  public static Script parse(
      Source source, PreprocessorContext context, MacroLibrary library, Diagnostics diagnostics) {
    return run(source, context, library, diagnostics, context.guruMode(), true);
  }

  /** Parses a tapset (library) file: it may use embedded C, and may be empty. */
  public static Script parseTapset(
      Source source, PreprocessorContext context, MacroLibrary library, Diagnostics diagnostics) {
    return run(source, context, library, diagnostics, true, false);
  }

  private static Script run(
      Source source,
      PreprocessorContext context,
      MacroLibrary library,
      Diagnostics diagnostics,
      boolean privileged,
      boolean userScript) {
    try {
      var preprocessor = new Preprocessor(source, context, library, diagnostics, false);
      Script script = new Parser(preprocessor, diagnostics, privileged).parseScript();
      if (userScript && script.decls().isEmpty() && !diagnostics.hasErrors()) {
        diagnostics.report(
            Diagnostic.error(Span.at(source, 0),
                    preprocessor.sawToken()
                        ? "the script is empty after preprocessing"
                        : "the script is empty")
                .withHint("a script needs at least one probe, e.g. probe begin { println(\"hello\") }"));
      }
      return script;
    } catch (StackOverflowError e) {
      // The nesting limits keep a default stack far from this; a caller deep in its own
      // stack may still get here.
      diagnostics.report(
          Diagnostic.error(Span.at(source, 0), "the script nests too deeply for the parser's stack")
              .withHint("run with a larger stack (-Xss) or split deeply nested expressions"));
      return new Script(Span.all(source), List.of());
    } catch (RuntimeException e) {
      diagnostics.report(
          Diagnostic.error(Span.at(source, 0),
                  "internal error in jstap's parser (" + e.getClass().getSimpleName() + ": "
                      + e.getMessage() + ")")
              .withHint("this is a bug in jstap, not in the script; please report it with the script"));
      return new Script(Span.all(source), List.of());
    }
  }
}

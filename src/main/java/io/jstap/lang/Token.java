package io.jstap.lang;

/**
 * A token after lexing (and, once it leaves the preprocessor, after macro expansion).
 *
 * @param text identifiers, keywords and operators as written; a string's value (escapes
 *     resolved, one char per byte); a number's digits; embedded code's text between {@code %{}
 *     and {@code %}}; for junk, the offending text
 * @param span where the token's text is (in a macro body, that is inside the definition)
 * @param site where the token stands in the parsed file: its span, or for text from a macro
 *     body the span of the outermost macro use. Syntax tree spans are made of sites.
 * @param spaceBefore whitespace or a comment came right before it (probe point components
 *     are glued from adjacent tokens only)
 * @param lineStart it is the first token on its line (error recovery resumes at such tokens)
 * @param expansion the macro expansion it came from, or null
 * @param problem for {@link Kind#JUNK}: what is wrong, for the parser to report; else null
 * @param hint for junk, what to do about it, or null
 */
record Token(
    Kind kind,
    String text,
    Span span,
    Span site,
    boolean spaceBefore,
    boolean lineStart,
    Expansion expansion,
    String problem,
    String hint) {

  enum Kind {
    IDENTIFIER,
    KEYWORD,
    /** Punctuation, and words starting with {@code @} (macros and {@code @cast} etc.). */
    OPERATOR,
    NUMBER,
    STRING,
    EMBEDDED,
    /** Text that cannot be a token (an unclosed string, a stray byte, a bad {@code $3}). */
    JUNK,
    EOF
  }

  /**
   * One macro use that produced a token: the macro's name, where it was used, and the use it
   * is nested in.
   */
  record Expansion(String macro, Span use, Expansion outer) {}

  boolean is(String op) {
    return kind == Kind.OPERATOR && text.equals(op);
  }

  boolean isKeyword(String word) {
    return kind == Kind.KEYWORD && text.equals(word);
  }

  boolean isEof() {
    return kind == Kind.EOF;
  }

  /** This token as it appears through the macro expansion {@code e}, standing at {@code at}. */
  Token expanded(Expansion e, Span at) {
    return new Token(kind, text, span, at, spaceBefore, lineStart, e, problem, hint);
  }

  Token withHint(String h) {
    return new Token(kind, text, span, site, spaceBefore, lineStart, expansion, problem, h);
  }

  /** How messages name the token: {@code 'foo'}, {@code string "x"}, {@code end of file}. */
  String describe() {
    return switch (kind) {
      case EOF -> "the end of the file";
      case STRING -> "string \"" + StringLiterals.escape(text) + "\"";
      case EMBEDDED -> "embedded code '%{'";
      case NUMBER -> "number '" + text + "'";
      case KEYWORD -> "keyword '" + text + "'";
      case IDENTIFIER, OPERATOR, JUNK -> "'" + text + "'";
    };
  }
}

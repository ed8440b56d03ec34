package io.jstap.lang;

import io.jstap.lang.Token.Kind;
import java.util.List;
import java.util.Set;

/**
 * Splits a source into tokens the way SystemTap's lexer does (parse.cxx), including its quirks:
 * {@code #}, {@code //} and {@code /* *}{@code /} comments; {@code %{ ... %}} embedded code as
 * one token; words starting with {@code @} are operators; a number token takes every
 * alphanumeric that follows (the parser checks it); and script arguments ({@code $1}, {@code
 * @1}, {@code $#}, {@code @#}) are pasted in as characters at the start of a token, so {@code
 * $1} may become several tokens or glue onto what follows.
 *
 * <p>Problems become {@link Kind#JUNK} tokens that the parser reports if it reaches them; in a
 * branch the preprocessor drops they cost nothing, as in SystemTap.
 */
final class Lexer {
  static final Set<String> KEYWORDS =
      Set.of(
          "probe", "global", "private", "function", "if", "else", "for", "foreach", "in",
          "limit", "return", "delete", "while", "break", "continue", "next", "string", "long",
          "try", "catch");

  private final Source source;
  private final String text;
  private final int length;
  private final List<String> arguments;
  private final Diagnostics diagnostics;
  private int pos;

  // Text pasted in for $1/@1/$#/@#, read before the source resumes at pos; its characters
  // are located at the argument reference (pasteSpan).
  private String paste;
  private int pastePos;
  private Span pasteSpan;

  private int lastEnd; // end offset of the last char read
  private int lastTokenEnd;
  private boolean sawToken;
  private boolean endedLine; // the last token took the line break after it (unclosed string)

  Lexer(Source source, List<String> arguments, Diagnostics diagnostics) {
    this.source = source;
    this.text = source.text();
    this.length = text.length();
    this.arguments = arguments;
    this.diagnostics = diagnostics;
  }

  Source source() {
    return source;
  }

  /** Whether the source held any token at all (before preprocessing dropped any). */
  boolean sawToken() {
    return sawToken;
  }

  // ---- character access (pasted text first, then the source) ----

  private int peek(int ahead) {
    if (paste != null) {
      int left = paste.length() - pastePos;
      if (ahead < left) return paste.charAt(pastePos + ahead);
      ahead -= left;
    }
    int at = pos + ahead;
    return at < length ? text.charAt(at) : -1;
  }

  private int get() {
    if (paste != null) {
      char c = paste.charAt(pastePos++);
      lastEnd = pasteSpan.end();
      if (pastePos == paste.length()) paste = null;
      return c;
    }
    if (pos >= length) return -1;
    lastEnd = pos + 1;
    return text.charAt(pos++);
  }

  private int offset() {
    return paste != null ? pasteSpan.start() : pos;
  }

  private void pasteIn(String chars, Span at) {
    if (chars.isEmpty()) return;
    paste = chars;
    pastePos = 0;
    pasteSpan = at;
  }

  // ---- character classes, in the C locale as SystemTap uses them ----

  static boolean isSpace(int c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
  }

  static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  static boolean isAlpha(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean isAlnum(int c) {
    return isAlpha(c) || isDigit(c);
  }

  static boolean isPunct(int c) {
    return c > 0x20 && c < 0x7f && !isAlnum(c);
  }

  // ---- tokens ----

  Token next() {
    boolean space = false;
    boolean lineStart = !sawToken || endedLine;
    endedLine = false;
    while (true) {
      boolean fromPaste = paste != null;
      int start = offset();
      int c = get();
      if (c < 0) {
        Span at = Span.at(source, lastTokenEnd);
        return new Token(Kind.EOF, "", at, at, space, true, null, null, null);
      }
      if (isSpace(c)) {
        space = true;
        if (c == '\n') lineStart = true;
        continue;
      }
      int c2 = peek(0);

      if ((c == '$' || c == '@') && c2 == '#') {
        get();
        Span at = new Span(source, start, lastEnd);
        if (fromPaste) {
          return junk(at, c + "#", "a script argument cannot hold another argument reference",
              space, lineStart);
        }
        String count = Integer.toString(arguments.size());
        pasteIn(c == '$' ? count : "\"" + count + "\"", at);
        continue;
      }
      if ((c == '$' || c == '@') && isDigit(c2)) {
        long index = 0;
        var digits = new StringBuilder().append((char) c);
        do {
          get();
          digits.append((char) c2);
          index = index * 10 + (c2 - '0');
          c2 = peek(0);
        } while (isDigit(c2) && index <= arguments.size());
        Span at = new Span(source, start, lastEnd);
        if (fromPaste) {
          return junk(at, digits.toString(),
              "a script argument cannot hold another argument reference", space, lineStart);
        }
        if (index == 0 || index > arguments.size()) {
          String given =
              arguments.isEmpty()
                  ? "no arguments were given"
                  : arguments.size() == 1
                      ? "only 1 argument was given"
                      : "only " + arguments.size() + " arguments were given";
          return junk(at, digits.toString(),
              "script argument " + digits + " is out of range: " + given, space, lineStart)
            .withHint("script arguments follow the script on the command line: jstap SCRIPT ARG...");
        }
        String arg = arguments.get((int) index - 1);
        pasteIn(c == '$' ? arg : StringLiterals.quote(arg), at);
        continue;
      }

      if (isAlpha(c) || c == '$' || c == '@' || c == '_') {
        var word = new StringBuilder().append((char) c);
        while (isAlnum(c2) || c2 == '_' || c2 == '$') {
          get();
          word.append((char) c2);
          c2 = peek(0);
        }
        String w = word.toString();
        Kind kind =
            w.charAt(0) == '@' ? Kind.OPERATOR : KEYWORDS.contains(w) ? Kind.KEYWORD : Kind.IDENTIFIER;
        return token(kind, w, start, space, lineStart);
      }

      if (isDigit(c)) {
        var digits = new StringBuilder().append((char) c);
        while (isAlnum(c2)) {
          get();
          digits.append((char) c2);
          c2 = peek(0);
        }
        return token(Kind.NUMBER, digits.toString(), start, space, lineStart);
      }

      if (c == '"') {
        return string(start, space, lineStart);
      }

      if (c == '#') {
        skipLine();
        space = true;
        lineStart = true;
        continue;
      }
      if (c == '/' && c2 == '/') {
        skipLine();
        space = true;
        lineStart = true;
        continue;
      }
      if (c == '/' && c2 == '*') {
        get();
        if (!skipBlockComment()) {
          diagnostics.warning(new Span(source, start, start + 2),
              "comment is not closed before the end of the file");
        }
        space = true;
        continue;
      }
      if (c == '%' && c2 == '{') {
        get();
        return embedded(start, space, lineStart);
      }
      if (c == '\'' || c == '`' || c == '\\') {
        // Punctuation no SystemTap operator uses.
        Token t = junk(new Span(source, start, lastEnd), String.valueOf((char) c),
            "unexpected character '" + (char) c + "'", space, lineStart);
        return c == '\'' ? t.withHint("strings are written in double quotes: \"text\"") : t;
      }
      if (isPunct(c)) {
        return operator(c, c2, start, space, lineStart);
      }

      // A byte SystemTap's C-locale lexer has no class for (control or non-ASCII).
      String shown;
      if (Character.isHighSurrogate((char) c) && Character.isLowSurrogate((char) c2)) {
        get();
        shown = new String(new char[] {(char) c, (char) c2});
      } else if (c < 0x20 || c == 0x7f) {
        shown = String.format("\\x%02x", c);
      } else {
        shown = String.valueOf((char) c);
      }
      return junk(new Span(source, start, lastEnd), shown,
          "unexpected character '" + shown + "'", space, lineStart);
    }
  }

  private Token token(Kind kind, String value, int start, boolean space, boolean lineStart) {
    Span span = new Span(source, start, Math.max(start, lastEnd));
    sawToken = true;
    lastTokenEnd = span.end();
    return new Token(kind, value, span, span, space, lineStart, null, null, null);
  }

  private Token junk(Span span, String shown, String problem, boolean space, boolean lineStart) {
    sawToken = true;
    lastTokenEnd = span.end();
    return new Token(Kind.JUNK, shown, span, span, space, lineStart, null, problem, null);
  }

  private void skipLine() {
    int c;
    do {
      c = get();
    } while (c >= 0 && c != '\n');
  }

  /** Skips to the end of a block comment; false when the file ends first. */
  private boolean skipBlockComment() {
    int c = get();
    int c2 = get();
    while (c2 >= 0) {
      if (c == '*' && c2 == '/') return true;
      c = c2;
      c2 = get();
    }
    return false;
  }

  private Token string(int start, boolean space, boolean lineStart) {
    var value = new StringBuilder();
    while (true) {
      int c = get();
      if (c < 0 || c == '\n') {
        int end = c < 0 ? lastEnd : lastEnd - 1;
        endedLine = c == '\n';
        return junk(new Span(source, start, Math.max(start + 1, end)), "\"",
            "string is not closed: no '\"' before the end of the line", space, lineStart);
      }
      if (c == '"') break;
      if (c == '\\') {
        escape(value);
        continue;
      }
      if (c >= 0x80) {
        int cp = c;
        if (Character.isHighSurrogate((char) c) && Character.isLowSurrogate((char) peek(0))) {
          cp = Character.toCodePoint((char) c, (char) get());
        }
        StringLiterals.appendUtf8(value, cp);
      } else {
        value.append((char) c);
      }
    }
    return token(Kind.STRING, value.toString(), start, space, lineStart);
  }

  /**
   * Resolves the escape after a backslash into bytes. SystemTap hands these to a C compiler,
   * so they mean what they mean in C; any other escaped character stands for itself.
   */
  private void escape(StringBuilder value) {
    int c = get();
    switch (c) {
      case -1 -> {}
      case 'a' -> value.append((char) 0x07);
      case 'b' -> value.append('\b');
      case 't' -> value.append('\t');
      case 'n' -> value.append('\n');
      case 'v' -> value.append((char) 0x0b);
      case 'f' -> value.append('\f');
      case 'r' -> value.append('\r');
      case 'x' -> {
        int v = 0;
        int n = 0;
        while (n < 2 && Character.digit(peek(0), 16) >= 0) {
          v = v * 16 + Character.digit(get(), 16);
          n++;
        }
        if (n == 0) {
          value.append('x');
        } else {
          value.append((char) v);
        }
      }
      case '0', '1', '2', '3', '4', '5', '6', '7' -> {
        int v = c - '0';
        for (int n = 1; n < 3 && peek(0) >= '0' && peek(0) <= '7'; n++) {
          v = v * 8 + (get() - '0');
        }
        value.append((char) (v & 0xff));
      }
      default -> {
        if (c >= 0x80) {
          StringLiterals.appendUtf8(value, c);
        } else {
          value.append((char) c);
        }
      }
    }
  }

  private Token embedded(int start, boolean space, boolean lineStart) {
    var code = new StringBuilder();
    int c = get();
    int c2 = get();
    while (c2 >= 0) {
      if (c == '%' && c2 == '}') {
        return token(Kind.EMBEDDED, code.toString(), start, space, lineStart);
      }
      if (c == '}' && c2 == '%') {
        diagnostics.report(
            Diagnostic.warning(new Span(source, Math.max(0, lastEnd - 2), lastEnd),
                    "'}%' inside embedded code")
                .withHint("embedded code ends with '%}'; did you mean that?"));
      }
      code.append((char) c);
      c = c2;
      c2 = get();
    }
    return junk(new Span(source, start, start + 2), "%{",
        "embedded code is not closed: no '%}' before the end of the file", space, lineStart);
  }

  private Token operator(int c, int c2, int start, boolean space, boolean lineStart) {
    int c3 = peek(1);
    String op;
    if ((c == '<' && c2 == '<' && c3 == '<')
        || (c == '>' && c2 == '>' && c3 == '>')
        || (c == '<' && c2 == '<' && c3 == '=')
        || (c == '>' && c2 == '>' && c3 == '=')) {
      get();
      get();
      op = new String(new char[] {(char) c, (char) c2, (char) c3});
    } else if (isTwoCharOperator(c, c2)) {
      get();
      op = new String(new char[] {(char) c, (char) c2});
    } else {
      op = String.valueOf((char) c);
    }
    return token(Kind.OPERATOR, op, start, space, lineStart);
  }

  private static boolean isTwoCharOperator(int c, int c2) {
    return switch (c) {
      case '=' -> c2 == '=' || c2 == '~';
      case '!' -> c2 == '=' || c2 == '~';
      case '<', '>' -> c2 == '=' || c2 == c;
      case '+' -> c2 == '=' || c2 == '+';
      case '-' -> c2 == '=' || c2 == '-' || c2 == '>';
      case '*', '/', '^', '.' -> c2 == '=';
      case '&' -> c2 == '=' || c2 == '&';
      case '|' -> c2 == '=' || c2 == '|';
      case '%' -> c2 == '=' || c2 == '(' || c2 == '?' || c2 == ':' || c2 == ')';
      default -> false;
    };
  }
}

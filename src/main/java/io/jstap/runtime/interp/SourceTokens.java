package io.jstap.runtime.interp;

import io.jstap.lang.Source;
import io.jstap.lang.Span;
import java.util.List;
import java.util.Set;

/**
 * Names the script token a run-time error happened near, in the words SystemTap's messages use
 * (parse.cxx, {@code operator<<(ostream&, const token&)}): the token's kind, its text in quotes
 * (keywords have none), and where it is: {@code identifier 'x' at t.stp:3:5}, {@code operator
 * '/' at t.stp:3:7}, {@code keyword at t.stp:2:3}.
 */
final class SourceTokens {
  private SourceTokens() {}

  private static final Set<String> KEYWORDS = Set.of(
      "probe", "global", "private", "function", "if", "else", "for", "foreach", "in", "limit",
      "return", "delete", "while", "break", "continue", "next", "string", "long", "try", "catch");

  /** Longest first, so that the longest operator at a position wins. */
  private static final List<String> OPERATORS = List.of(
      "<<<", ">>>", "<<=", ">>=", "...", "==", "!=", "<=", ">=", "&&", "||", "++", "--", "+=",
      "-=", "*=", "/=", "%=", "&=", "|=", "^=", ".=", "<<", ">>", "=~", "!~", "->");

  /** The token that starts at {@code offset}. */
  static String at(Source source, int offset) {
    String text = source.text();
    String where = " at " + new Span(source, offset, offset);
    if (offset >= text.length()) return "junk ''" + where;
    char c = text.charAt(offset);
    if (Character.isLetter(c) || c == '_' || c == '$' || c == '@') {
      int end = offset + 1;
      while (end < text.length() && isWordChar(text.charAt(end))) end++;
      String word = text.substring(offset, end);
      if (c == '@') return "operator '" + printable(word) + "'" + where;
      if (KEYWORDS.contains(word)) return "keyword" + where;
      return "identifier '" + printable(word) + "'" + where;
    }
    if (Character.isDigit(c)) {
      int end = offset + 1;
      while (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) end++;
      return "number '" + text.substring(offset, end) + "'" + where;
    }
    if (c == '"') {
      int end = offset + 1;
      while (end < text.length() && text.charAt(end) != '"' && text.charAt(end) != '\n') {
        if (text.charAt(end) == '\\' && end + 1 < text.length()) end++;
        end++;
      }
      return "string '" + printable(text.substring(offset + 1, Math.min(end, text.length())))
          + "'" + where;
    }
    for (String op : OPERATORS) {
      if (text.startsWith(op, offset)) return "operator '" + op + "'" + where;
    }
    return "operator '" + printable(String.valueOf(c)) + "'" + where;
  }

  /** The token at the start of a node. */
  static String at(Span span) {
    return at(span.source(), span.start());
  }

  /**
   * The operator {@code symbol} after {@code from} (the end of a left operand), skipping blanks,
   * comments and closing brackets; the offset of {@code fallback} when it is not found there.
   */
  static int operatorAfter(Source source, int from, String symbol, int fallback) {
    String text = source.text();
    int i = from;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || c == ')' || c == ']') {
        i++;
      } else if (c == '#' || text.startsWith("//", i)) {
        int nl = text.indexOf('\n', i);
        i = nl < 0 ? text.length() : nl + 1;
      } else if (text.startsWith("/*", i)) {
        int close = text.indexOf("*/", i + 2);
        i = close < 0 ? text.length() : close + 2;
      } else {
        break;
      }
    }
    return text.startsWith(symbol, i) ? i : fallback;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  /** Non-printable characters become '?', as SystemTap prints token text. */
  private static String printable(String s) {
    var b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return b.toString();
  }
}

package io.jstap.runtime.interp;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression of {@code =~}, in SystemTap's dialect (POSIX extended, as its parser
 * stapregex-parse.cxx reads it), run by {@link java.util.regex} over the string's bytes (one char
 * per byte).
 *
 * <p>The dialect: {@code | * + ? {m} {m,} {m,n} ( ) (?:) . ^ $} and bracket expressions with
 * ranges and the classes {@code [:alpha:] [:alnum:] [:blank:] [:cntrl:] [:digit:] [:xdigit:]
 * [:graph:] [:lower:] [:print:] [:punct:] [:space:] [:upper:]} (and SystemTap's short {@code
 * [:d:] [:l:] [:s:] [:u:]}). A backslash makes the next character literal, inside brackets too;
 * there are no {@code \d}-style shorthands. Translation to Java makes every literal an explicit
 * {@code \xhh}, so no Java-only construct can sneak in.
 *
 * <p>Matching: SystemTap does not anchor unless {@code ^}/{@code $} say so. The whole match is
 * POSIX's leftmost-longest one (the leftmost start, then the longest end from it); the
 * subexpressions within it are those Java's matcher assigns for that span.
 */
final class PosixRegex {
  /** Named classes, as stapregex-parse.cxx defines them (matching the C library's isFOO()). */
  private static final Map<String, String> CLASSES = Map.ofEntries(
      Map.entry("alpha", "A-Za-z"),
      Map.entry("alnum", "A-Za-z0-9"),
      Map.entry("blank", " \t"),
      Map.entry("cntrl", "\u0001-\u001f\u007f"),
      Map.entry("d", "0-9"),
      Map.entry("digit", "0-9"),
      Map.entry("xdigit", "0-9a-fA-F"),
      Map.entry("graph", "\u0021-\u007e"),
      Map.entry("l", "a-z"),
      Map.entry("lower", "a-z"),
      Map.entry("print", "\u0020-\u007e"),
      Map.entry("punct", "!\"#$%&'()*+,./:;<=>?@[\\]^_`{|}~-"),
      Map.entry("s", " \t\r\n\u000b\f"),
      Map.entry("space", " \t\r\n\u000b\f"),
      Map.entry("u", "A-Z"),
      Map.entry("upper", "A-Z"));

  private final Pattern pattern;
  private final int groups;

  private PosixRegex(Pattern pattern) {
    this.pattern = pattern;
    this.groups = pattern.matcher("").groupCount();
  }

  /** A malformed regular expression. */
  static final class RegexException extends Exception {
    private static final long serialVersionUID = 1L;

    RegexException(String message) {
      super(message);
    }
  }

  /** Compiles a regular expression given as its bytes. */
  static PosixRegex compile(byte[] regex) throws RegexException {
    String java = new Translator(new String(regex, StandardCharsets.ISO_8859_1)).translate();
    try {
      return new PosixRegex(Pattern.compile(java, Pattern.DOTALL));
    } catch (PatternSyntaxException e) {
      throw new RegexException(e.getDescription());
    }
  }

  /** Subexpressions, not counting the whole match. */
  int groups() {
    return groups;
  }

  /**
   * Matches {@code subject}; returns null when nothing matches, else the start and end of the
   * whole match and of each subexpression (-1 for those that took no part), in pairs.
   */
  int[] match(byte[] subject) {
    String text = new String(subject, StandardCharsets.ISO_8859_1);
    Matcher m = pattern.matcher(text);
    // ^ and $ must mean the ends of the string, not of the regions tried below.
    m.useAnchoringBounds(false);
    m.useTransparentBounds(true);
    if (!m.find()) return null;
    int start = m.start();
    int end = m.end();
    int[] spans = spans(m);
    for (int e = text.length(); e > end; e--) {
      m.region(start, e);
      if (m.matches()) {
        spans = spans(m);
        break;
      }
    }
    return spans;
  }

  private int[] spans(Matcher m) {
    int[] s = new int[2 * (groups + 1)];
    for (int g = 0; g <= groups; g++) {
      s[2 * g] = m.start(g);
      s[2 * g + 1] = m.end(g);
    }
    return s;
  }

  /** Rewrites SystemTap's regex syntax into java.util.regex syntax, checking it as it goes. */
  private static final class Translator {
    private final String in;
    private int pos;
    private final StringBuilder out = new StringBuilder();

    Translator(String in) {
      this.in = in;
    }

    String translate() throws RegexException {
      expression();
      if (pos < in.length()) throw new RegexException("unbalanced ')'");
      return out.toString();
    }

    private void expression() throws RegexException {
      term();
      while (pos < in.length() && in.charAt(pos) == '|') {
        pos++;
        out.append('|');
        term();
      }
    }

    private void term() throws RegexException {
      while (pos < in.length() && in.charAt(pos) != '|' && in.charAt(pos) != ')') {
        factor();
      }
    }

    private void factor() throws RegexException {
      char c = in.charAt(pos);
      boolean anchor = false;
      switch (c) {
        case '*', '+', '?', '{' -> throw new RegexException("unexpected '" + c + "'");
        case '.' -> {
          pos++;
          out.append("[\\x01-\\xff]");
        }
        case '[' -> {
          pos++;
          bracket();
        }
        case '(' -> {
          pos++;
          if (in.startsWith("?:", pos)) {
            pos += 2;
            out.append("(?:");
          } else if (pos < in.length() && in.charAt(pos) == '?') {
            throw new RegexException("unexpected '(?" + (pos + 1 < in.length()
                ? String.valueOf(in.charAt(pos + 1)) : "") + "'");
          } else {
            out.append('(');
          }
          expression();
          if (pos >= in.length()) throw new RegexException("expected ), found end of regex");
          pos++;
          out.append(')');
        }
        case '^' -> {
          pos++;
          anchor = true;
          out.append('^');
        }
        case '$' -> {
          pos++;
          anchor = true;
          out.append("\\z");
        }
        case '\\' -> {
          pos++;
          if (pos >= in.length()) throw new RegexException("unexpected end of regex");
          literal(in.charAt(pos++));
        }
        default -> {
          pos++;
          literal(c);
        }
      }
      postfix(anchor);
    }

    private void postfix(boolean anchor) throws RegexException {
      while (pos < in.length()) {
        char c = in.charAt(pos);
        if (c != '*' && c != '+' && c != '?' && c != '{') return;
        if (anchor) {
          throw new RegexException("postfix closure '" + c + "' applied to anchoring operator");
        }
        pos++;
        if (c != '{') {
          out.append(c);
          continue;
        }
        int min = number();
        int max;
        if (pos < in.length() && in.charAt(pos) == ',') {
          pos++;
          if (pos < in.length() && in.charAt(pos) == '}') {
            max = -1;
          } else {
            max = number();
          }
        } else {
          max = min;
        }
        if (pos >= in.length() || in.charAt(pos) != '}') {
          throw new RegexException("expected '}'");
        }
        pos++;
        if (max >= 0 && max < min) {
          throw new RegexException("repetition {" + min + "," + max + "} has its maximum below"
              + " its minimum");
        }
        out.append('{').append(min);
        if (max != min) out.append(',');
        if (max > min) out.append(max);
        out.append('}');
      }
    }

    private int number() throws RegexException {
      int start = pos;
      while (pos < in.length() && Character.isDigit(in.charAt(pos))) pos++;
      if (start == pos) throw new RegexException("expected number");
      if (pos - start > 5) throw new RegexException(in.substring(start, pos) + " is too large");
      int n = Integer.parseInt(in.substring(start, pos));
      // MAX_DFA_REPETITIONS in stapregex-parse.cxx
      if (n >= 12345) throw new RegexException(n + " is too large");
      return n;
    }

    /** A bracket expression, after its '['. */
    private void bracket() throws RegexException {
      boolean invert = false;
      if (pos < in.length() && in.charAt(pos) == '^') {
        invert = true;
        pos++;
      }
      var set = new BitSet(256);
      boolean first = true;
      while (true) {
        if (pos >= in.length()) throw new RegexException("unclosed character class");
        char c = in.charAt(pos);
        if (c == ']' && !first) {
          pos++;
          break;
        }
        first = false;
        char low;
        if (c == '\\') {
          pos++;
          if (pos >= in.length()) throw new RegexException("unclosed character class");
          low = in.charAt(pos++);
        } else if (c == '[' && in.startsWith("[:", pos)) {
          int close = in.indexOf(":]", pos + 2);
          if (close < 0) throw new RegexException("unclosed character class '"
              + in.substring(pos) + "'");
          String name = in.substring(pos + 2, close);
          String members = CLASSES.get(name);
          if (members == null) throw new RegexException("unknown character class '" + name + "'");
          addRanges(set, members);
          pos = close + 2;
          continue;
        } else {
          low = c;
          pos++;
        }
        char high = low;
        if (pos + 1 < in.length() && in.charAt(pos) == '-' && in.charAt(pos + 1) != ']') {
          high = in.charAt(pos + 1);
          pos += 2;
          if (high < low) {
            throw new RegexException("Inverted character range " + low + "-" + high);
          }
        }
        set.set(low, high + 1);
      }
      if (invert) {
        set.flip(1, 256);
        set.clear(0);
      }
      if (set.isEmpty()) {
        out.append("(?!)"); // matches nothing, as an empty class
        return;
      }
      out.append('[');
      for (int lo = set.nextSetBit(0); lo >= 0; ) {
        int hi = set.nextClearBit(lo) - 1;
        hex(lo);
        if (hi > lo) {
          out.append('-');
          hex(hi);
        }
        lo = set.nextSetBit(hi + 1);
      }
      out.append(']');
    }

    private static void addRanges(BitSet set, String members) {
      for (int i = 0; i < members.length(); i++) {
        char lo = members.charAt(i);
        if (i + 2 < members.length() && members.charAt(i + 1) == '-') {
          set.set(lo, members.charAt(i + 2) + 1);
          i += 2;
        } else {
          set.set(lo);
        }
      }
    }

    private void literal(char c) {
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        out.append(c);
      } else {
        hex(c);
      }
    }

    private void hex(int c) {
      out.append(String.format("\\x%02x", c & 0xff));
    }
  }
}

package io.jstap.lang;

/**
 * Shell wildcard matching as {@code fnmatch(3)} with {@code FNM_NOESCAPE}, which SystemTap
 * uses for {@code arch}, {@code runtime}, {@code CONFIG_*} and versions compared with {@code
 * ==}/{@code !=}: {@code *} any run, {@code ?} any char, {@code [a-z]} and {@code [!a-z]} sets.
 * A backslash is an ordinary character.
 */
public final class GlobPattern {
  private GlobPattern() {}

  public static boolean hasWildcards(String pattern) {
    return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0 || pattern.indexOf('[') >= 0;
  }

  public static boolean matches(String pattern, String text) {
    return match(pattern, 0, text, 0);
  }

  private static boolean match(String p, int pi, String t, int ti) {
    while (pi < p.length()) {
      char pc = p.charAt(pi);
      switch (pc) {
        case '*' -> {
          while (pi < p.length() && p.charAt(pi) == '*') pi++;
          if (pi == p.length()) return true;
          for (int k = ti; k <= t.length(); k++) {
            if (match(p, pi, t, k)) return true;
          }
          return false;
        }
        case '?' -> {
          if (ti >= t.length()) return false;
          pi++;
          ti++;
        }
        case '[' -> {
          int end = setEnd(p, pi);
          if (end < 0) {
            // An unclosed '[' is an ordinary character.
            if (ti >= t.length() || t.charAt(ti) != '[') return false;
            pi++;
            ti++;
          } else {
            if (ti >= t.length() || !inSet(p, pi + 1, end, t.charAt(ti))) return false;
            pi = end + 1;
            ti++;
          }
        }
        default -> {
          if (ti >= t.length() || t.charAt(ti) != pc) return false;
          pi++;
          ti++;
        }
      }
    }
    return ti == t.length();
  }

  /** The index of the ']' closing the set that opens at {@code open}, or -1. */
  private static int setEnd(String p, int open) {
    int i = open + 1;
    if (i < p.length() && (p.charAt(i) == '!' || p.charAt(i) == '^')) i++;
    if (i < p.length() && p.charAt(i) == ']') i++; // a leading ']' is a member
    while (i < p.length() && p.charAt(i) != ']') i++;
    return i < p.length() ? i : -1;
  }

  private static boolean inSet(String p, int from, int end, char c) {
    boolean negate = p.charAt(from) == '!' || p.charAt(from) == '^';
    int i = negate ? from + 1 : from;
    boolean found = false;
    boolean first = true;
    while (i < end) {
      char lo = p.charAt(i);
      if (lo == ']' && !first) break;
      first = false;
      if (i + 2 < end && p.charAt(i + 1) == '-') {
        char hi = p.charAt(i + 2);
        if (c >= lo && c <= hi) found = true;
        i += 3;
      } else {
        if (c == lo) found = true;
        i++;
      }
    }
    return found != negate;
  }
}

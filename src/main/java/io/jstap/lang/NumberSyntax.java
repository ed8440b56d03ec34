package io.jstap.lang;

import io.jstap.lang.ast.NumberLit.Radix;

/**
 * Integer syntax as C's {@code strtoull}/{@code strtoll} with base 0 read it for SystemTap:
 * {@code 0x} hex, a leading {@code 0} octal, else decimal.
 */
final class NumberSyntax {
  private NumberSyntax() {}

  static Radix radix(String digits) {
    if (digits.length() > 1 && digits.charAt(0) == '0') {
      char x = digits.charAt(1);
      return x == 'x' || x == 'X' ? Radix.HEX : Radix.OCTAL;
    }
    return Radix.DECIMAL;
  }

  /**
   * The value of a literal's digits as an unsigned 64-bit number (so up to 2^64-1, wrapping to
   * negative longs), or null if the digits are not a valid number or do not fit.
   */
  static Long parseUnsigned(String digits) {
    if (digits.isEmpty()) return null;
    Radix radix = radix(digits);
    int base;
    int from;
    switch (radix) {
      case HEX -> {
        base = 16;
        from = 2;
      }
      case OCTAL -> {
        base = 8;
        from = 1;
      }
      default -> {
        base = 10;
        from = 0;
      }
    }
    if (from >= digits.length()) return null;
    long value = 0;
    for (int i = from; i < digits.length(); i++) {
      int d = Character.digit(digits.charAt(i), base);
      if (d < 0) return null;
      // value * base + d must stay below 2^64
      if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - d, base)) > 0) return null;
      value = value * base + d;
    }
    return value;
  }

  /**
   * A signed number as {@code strtoll(s, &end, 0)} with nothing left over: optional blanks and
   * sign, then digits; the empty string is 0 (as it is for SystemTap's unset CONFIG options).
   * Null when it is not such a number or out of range.
   */
  static Long parseSigned(String s) {
    int i = 0;
    while (i < s.length() && Lexer.isSpace(s.charAt(i))) i++;
    if (i == s.length()) return s.isEmpty() ? 0L : null;
    boolean negative = false;
    if (s.charAt(i) == '+' || s.charAt(i) == '-') {
      negative = s.charAt(i) == '-';
      i++;
    }
    Long magnitude = parseUnsigned(s.substring(i));
    if (magnitude == null) return null;
    if (negative) {
      if (Long.compareUnsigned(magnitude, Long.MIN_VALUE) > 0) return null;
      return -magnitude;
    }
    if (magnitude < 0) return null;
    return magnitude;
  }
}

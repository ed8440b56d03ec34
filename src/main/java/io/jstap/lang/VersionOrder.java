package io.jstap.lang;

/**
 * Version-string order as glibc's {@code strverscmp(3)}, which SystemTap uses for {@code
 * kernel_v}, {@code kernel_vr} and {@code systemtap_v} conditions: digit runs compare as
 * numbers ({@code "4.9" < "4.10"}), and a run with leading zeros as a fraction ({@code "1.01" <
 * "1.1"}).
 */
final class VersionOrder {
  private VersionOrder() {}

  // States of glibc's comparison automaton: normal, integral part, fractional part, leading
  // zeros. Each holds a row of 3 (next state) or 9 (result) entries.
  private static final int S_N = 0;
  private static final int S_I = 3;
  private static final int S_F = 6;
  private static final int S_Z = 9;
  private static final int CMP = 2;
  private static final int LEN = 3;

  private static final int[] NEXT_STATE = {
    /* S_N */ S_N, S_I, S_Z,
    /* S_I */ S_N, S_I, S_I,
    /* S_F */ S_N, S_F, S_F,
    /* S_Z */ S_N, S_F, S_Z
  };

  private static final int[] RESULT = {
    /* S_N */ CMP, CMP, CMP, CMP, LEN, CMP, CMP, CMP, CMP,
    /* S_I */ CMP, -1, -1, +1, LEN, LEN, +1, LEN, LEN,
    /* S_F */ CMP, CMP, CMP, CMP, CMP, CMP, CMP, CMP, CMP,
    /* S_Z */ CMP, +1, +1, -1, CMP, CMP, -1, CMP, CMP
  };

  /** Negative, zero or positive as {@code a} sorts before, with or after {@code b}. */
  static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    int c1 = at(a, i++);
    int c2 = at(b, j++);
    int state = S_N + kind(c1);
    int diff;
    while ((diff = c1 - c2) == 0) {
      if (c1 == 0) return 0;
      state = NEXT_STATE[state];
      c1 = at(a, i++);
      c2 = at(b, j++);
      state += kind(c1);
    }
    int result = RESULT[state * 3 + kind(c2)];
    if (result == CMP) return diff;
    if (result == LEN) {
      while (isDigit(at(a, i++))) {
        if (!isDigit(at(b, j++))) return 1;
      }
      return isDigit(at(b, j)) ? -1 : diff;
    }
    return result;
  }

  /** 0 for a non-digit, 1 for 1-9, 2 for '0' (glibc's "(c == '0') + isdigit(c)"). */
  private static int kind(int c) {
    return (c == '0' ? 1 : 0) + (isDigit(c) ? 1 : 0);
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static int at(String s, int i) {
    return i < s.length() ? s.charAt(i) : 0;
  }
}

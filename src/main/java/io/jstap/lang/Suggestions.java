package io.jstap.lang;

import java.util.Collection;

/** "Did you mean" guesses: the closest candidate within a small edit distance. */
public final class Suggestions {
  private Suggestions() {}

  /** The candidate closest to {@code word} (at most 2 edits, fewer for short words), or null. */
  public static String closest(String word, Collection<String> candidates) {
    int limit = word.length() <= 3 ? 1 : 2;
    String best = null;
    int bestDistance = limit + 1;
    for (String c : candidates) {
      if (c.equals(word)) continue;
      int d = distance(word, c, bestDistance);
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best;
  }

  /**
   * Optimal string alignment distance (insertions, deletions, substitutions, adjacent swaps),
   * giving up once it exceeds {@code cap}.
   */
  static int distance(String a, String b, int cap) {
    if (Math.abs(a.length() - b.length()) > cap) return cap + 1;
    int[] prev2 = new int[b.length() + 1];
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      int rowMin = cur[0];
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int v = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          v = Math.min(v, prev2[j - 2] + 1);
        }
        cur[j] = v;
        rowMin = Math.min(rowMin, v);
      }
      if (rowMin > cap) return cap + 1;
      int[] t = prev2;
      prev2 = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}

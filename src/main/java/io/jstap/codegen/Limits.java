package io.jstap.codegen;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SystemTap's run-time limits, with its defaults; {@code -D NAME=VALUE} changes them.
 *
 * @param maxStringLen bytes of a string, its NUL included (MAXSTRINGLEN)
 * @param maxMapEntries elements of an array without a size (MAXMAPENTRIES)
 * @param maxAction statements one probe handler may run (MAXACTION)
 * @param maxErrors run-time errors tolerated before the session ends (MAXERRORS)
 * @param maxSkipped probe hits skipped (e.g. lost records) tolerated before it ends (MAXSKIPPED)
 * @param maxNesting function call depth (MAXNESTING)
 */
public record Limits(
    int maxStringLen, int maxMapEntries, int maxAction, int maxErrors, int maxSkipped,
    int maxNesting) {

  public static final Limits DEFAULTS = new Limits(128, 2048, 1000, 0, 100, 10);

  public Limits {
    if (maxStringLen < 16 || maxStringLen > 4096 || Integer.bitCount(maxStringLen) != 1) {
      throw new IllegalArgumentException("MAXSTRINGLEN must be a power of two from 16 to 4096,"
          + " not " + maxStringLen);
    }
    if (maxMapEntries < 1) throw new IllegalArgumentException("MAXMAPENTRIES must be positive");
    if (maxAction < 1) throw new IllegalArgumentException("MAXACTION must be positive");
    if (maxErrors < 0) throw new IllegalArgumentException("MAXERRORS must not be negative");
    if (maxSkipped < 0) throw new IllegalArgumentException("MAXSKIPPED must not be negative");
    if (maxNesting < 1) throw new IllegalArgumentException("MAXNESTING must be positive");
  }

  /**
   * These limits with {@code -D NAME=VALUE} settings applied; unknown names are returned in
   * the problems map (name -> message) rather than thrown, so the CLI can report them all.
   */
  public static Limits withSettings(Map<String, String> settings, Map<String, String> problems) {
    var values = new LinkedHashMap<String, Integer>();
    values.put("MAXSTRINGLEN", DEFAULTS.maxStringLen);
    values.put("MAXMAPENTRIES", DEFAULTS.maxMapEntries);
    values.put("MAXACTION", DEFAULTS.maxAction);
    values.put("MAXERRORS", DEFAULTS.maxErrors);
    values.put("MAXSKIPPED", DEFAULTS.maxSkipped);
    values.put("MAXNESTING", DEFAULTS.maxNesting);
    for (var e : settings.entrySet()) {
      if (!values.containsKey(e.getKey())) {
        problems.put(e.getKey(), "jstap does not know the setting " + e.getKey()
            + "; it knows " + String.join(", ", values.keySet()));
        continue;
      }
      try {
        values.put(e.getKey(), Integer.parseInt(e.getValue().strip()));
      } catch (NumberFormatException x) {
        problems.put(e.getKey(), e.getKey() + " takes a number, not '" + e.getValue() + "'");
      }
    }
    try {
      return new Limits(values.get("MAXSTRINGLEN"), values.get("MAXMAPENTRIES"),
          values.get("MAXACTION"), values.get("MAXERRORS"), values.get("MAXSKIPPED"),
          values.get("MAXNESTING"));
    } catch (IllegalArgumentException x) {
      problems.put("-D", x.getMessage());
      return DEFAULTS;
    }
  }
}

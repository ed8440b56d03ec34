package io.jstap.cli;

import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * {@code -o FILE} with strftime(3) conversions, as staprun expands them ({@code -o
 * trace-%Y%m%d-%H%M%S.log}): the local time when the run starts. A conversion this list does not
 * know stays as written, as does a lone {@code %} at the end.
 */
final class OutputFileName {
  private OutputFileName() {}

  static Path expand(String pattern, ZonedDateTime t) {
    if (pattern.indexOf('%') < 0) return Path.of(pattern);
    var b = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c != '%' || i + 1 == pattern.length()) {
        b.append(c);
        continue;
      }
      char k = pattern.charAt(++i);
      String v = conversion(k, t);
      if (v == null) b.append('%').append(k);
      else b.append(v);
    }
    return Path.of(b.toString());
  }

  /** A name that {@link #expand} gives back unchanged: each {@code %} doubled. */
  static String escape(String name) {
    return name.replace("%", "%%");
  }

  private static String conversion(char k, ZonedDateTime t) {
    return switch (k) {
      case 'Y' -> Integer.toString(t.getYear());
      case 'y' -> two(t.getYear() % 100);
      case 'C' -> two(t.getYear() / 100);
      case 'm' -> two(t.getMonthValue());
      case 'd' -> two(t.getDayOfMonth());
      case 'e' -> String.format("%2d", t.getDayOfMonth());
      case 'H' -> two(t.getHour());
      case 'I' -> two(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12);
      case 'M' -> two(t.getMinute());
      case 'S' -> two(t.getSecond());
      case 'j' -> String.format("%03d", t.getDayOfYear());
      case 'p' -> t.getHour() < 12 ? "AM" : "PM";
      case 'a' -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT);
      case 'A' -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ROOT);
      case 'b', 'h' -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ROOT);
      case 'B' -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.ROOT);
      case 'u' -> Integer.toString(t.getDayOfWeek().getValue());
      case 'w' -> Integer.toString(t.getDayOfWeek().getValue() % 7);
      case 's' -> Long.toString(t.toEpochSecond());
      case 'z' -> t.getOffset().getId().equals("Z") ? "+0000"
          : t.getOffset().getId().replace(":", "");
      case 'Z' -> t.getZone().getDisplayName(TextStyle.SHORT, Locale.ROOT);
      case 'F' -> t.getYear() + "-" + two(t.getMonthValue()) + "-" + two(t.getDayOfMonth());
      case 'T' -> two(t.getHour()) + ":" + two(t.getMinute()) + ":" + two(t.getSecond());
      case 'R' -> two(t.getHour()) + ":" + two(t.getMinute());
      case 'D' -> two(t.getMonthValue()) + "/" + two(t.getDayOfMonth()) + "/"
          + two(t.getYear() % 100);
      case '%' -> "%";
      default -> null;
    };
  }

  private static String two(int n) {
    return n < 10 ? "0" + n : Integer.toString(n);
  }
}

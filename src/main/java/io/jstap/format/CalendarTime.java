package io.jstap.format;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * SystemTap's ctime(): seconds since the epoch as {@code "Thu Nov 26 17:55:00 2026"}, in UTC;
 * and tz_ctime(), the same in the local time zone with its name after it.
 */
public final class CalendarTime {
  private static final String[] DAYS = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
      "Sep", "Oct", "Nov", "Dec"};

  private CalendarTime() {}

  /** Whether ctime() converts these seconds (a 32-bit time_t, as SystemTap's runtime). */
  public static boolean inRange(long seconds) {
    return seconds >= Integer.MIN_VALUE && seconds <= Integer.MAX_VALUE;
  }

  /** The text of {@code seconds}, which must be {@link #inRange}. */
  public static String ctime(long seconds) {
    var t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    return String.format("%s %s%3d %02d:%02d:%02d %d",
        DAYS[t.getDayOfWeek().getValue() % 7], MONTHS[t.getMonthValue() - 1],
        t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond(), t.getYear());
  }

  /**
   * The local time zone as SystemTap's staprun passes it when a run starts: the offset in
   * seconds west of UTC ({@code tz_gmtoff()}) and the name ({@code tz_name()}).
   */
  public record Zone(long secondsWest, String name) {
    public static Zone local() {
      var now = ZonedDateTime.now(ZoneId.systemDefault());
      return new Zone(-now.getOffset().getTotalSeconds(),
          DateTimeFormatter.ofPattern("zzz", Locale.US).format(now));
    }

    /** tz_ctime(): {@code ctime(seconds - tz_gmtoff()) . " " . tz_name()}, or null out of range. */
    public String ctime(long seconds) {
      long local = seconds - secondsWest;
      return inRange(local) ? CalendarTime.ctime(local) + " " + name : null;
    }
  }
}

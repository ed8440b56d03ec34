package io.jstap.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CalendarTimeTest {
  @Test
  void ctimeIsUtcInSystemTapsForm() {
    assertThat(CalendarTime.ctime(0)).isEqualTo("Thu Jan  1 00:00:00 1970");
    assertThat(CalendarTime.ctime(1700000000)).isEqualTo("Tue Nov 14 22:13:20 2023");
    assertThat(CalendarTime.inRange(Integer.MAX_VALUE + 1L)).isFalse();
  }

  /** tz_ctime(s) is ctime(s - tz_gmtoff()) . " " . tz_name(), as SystemTap's tapset defines it. */
  @Test
  void tzCtimeShiftsByTheOffsetWestAndNamesTheZone() {
    var berlin = new CalendarTime.Zone(-3600, "CET");
    assertThat(berlin.ctime(1700000000)).isEqualTo("Tue Nov 14 23:13:20 2023 CET");
    var newYork = new CalendarTime.Zone(5 * 3600, "EST");
    assertThat(newYork.ctime(0)).isEqualTo("Wed Dec 31 19:00:00 1969 EST");
    assertThat(berlin.ctime(Integer.MAX_VALUE + 3600L + 1)).isNull();
  }
}

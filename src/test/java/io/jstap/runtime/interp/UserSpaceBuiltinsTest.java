package io.jstap.runtime.interp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class UserSpaceBuiltinsTest {
  private static long strtol(String s, long base) {
    return UserSpaceBuiltins.strtol(s.getBytes(StandardCharsets.ISO_8859_1), base);
  }

  private static String textStr(String s, int max) {
    return new String(UserSpaceBuiltins.textStr(s.getBytes(StandardCharsets.ISO_8859_1), max),
        StandardCharsets.ISO_8859_1);
  }

  @Test
  void strtolIsTheKernelsSimpleStrtol() {
    assertThat(strtol("0x10", 0)).isEqualTo(16);
    assertThat(strtol("010", 0)).isEqualTo(8);
    assertThat(strtol("0x", 0)).isEqualTo(0); // "0x" without a hex digit: base 8, stops at x
    assertThat(strtol("-0x10", 16)).isEqualTo(-16);
    assertThat(strtol("z", 36)).isEqualTo(35);
    assertThat(strtol(" 12", 10)).isEqualTo(0); // no white space skipped
    assertThat(strtol("18446744073709551615", 10)).isEqualTo(-1); // wraps
    assertThat(strtol("", 10)).isEqualTo(0);
  }

  @Test
  void textStrEscapesAndNeverCutsAnEscapeInHalf() {
    assertThat(textStr("é\u0001\"", 127)).isEqualTo("\\351\\001\\\""); // a lone byte 0xe9
    // UTF-8 sequences (bytes) become \\u escapes
    String utf8 = new String("é€".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    assertThat(textStr(utf8, 127)).isEqualTo("\\u00e9\\u20ac");
    assertThat(textStr("ab\n", 3)).isEqualTo("ab"); // "\n" needs 2 bytes, 1 left
  }

  @Property
  void textStrStaysWithinItsBudget(@ForAll byte[] input) {
    byte[] out = UserSpaceBuiltins.textStr(input, 127);
    assertThat(out.length).isLessThanOrEqualTo(127);
    for (byte b : out) assertThat(b).isBetween((byte) 0x20, (byte) 0x7e);
  }

  @Test
  void ctimeIsUtcAndRefusesTimesPast32Bits() {
    assertThat(new String(UserSpaceBuiltins.ctime(-1, null), StandardCharsets.US_ASCII))
        .isEqualTo("Wed Dec 31 23:59:59 1969");
    assertThat(new String(UserSpaceBuiltins.ctime(Integer.MIN_VALUE, null),
        StandardCharsets.US_ASCII)).isEqualTo("Fri Dec 13 20:45:52 1901");
    assertThat(new String(UserSpaceBuiltins.ctime(Integer.MAX_VALUE, null),
        StandardCharsets.US_ASCII)).isEqualTo("Tue Jan 19 03:14:07 2038");
    assertThatThrownBy(() -> UserSpaceBuiltins.ctime(Integer.MIN_VALUE - 1L, null))
        .isInstanceOf(ScriptError.class).hasMessage("Time too far in the past to be converted");
  }
}

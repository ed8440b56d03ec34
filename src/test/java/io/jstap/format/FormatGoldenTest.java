package io.jstap.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.format.FormatParse.Parsed;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Conversions, flags, widths and precisions, with the bytes SystemTap's runtime produces for
 * them (runtime/vsprintf.c as driven by translate.cxx's compiled printfs). Where SystemTap and C
 * differ the test name says so.
 */
class FormatGoldenTest {

  static StapFormat format(String text) {
    return ((Parsed) StapFormat.parse(text)).format();
  }

  /** printf into a stream, so every byte (NULs too) is kept. */
  static byte[] printfBytes(FormatLimits limits, String text, Object... args) {
    var bytes = new ByteArrayOutputStream();
    try (var out = new OutputBuffer(bytes, 64)) {
      format(text).printf(ValueArguments.of(args), limits, out);
    }
    return bytes.toByteArray();
  }

  static String printf(String text, Object... args) {
    return new String(printfBytes(FormatLimits.DEFAULT, text, args), StandardCharsets.ISO_8859_1);
  }

  static String sprintf(String text, Object... args) {
    return new String(
        format(text).sprintf(ValueArguments.of(args), FormatLimits.DEFAULT),
        StandardCharsets.ISO_8859_1);
  }

  @ParameterizedTest(name = "{0} of {1} is [{2}]")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "%d|0|0",
        "%d|42|42",
        "%d|-42|-42",
        "%d|-9223372036854775808|-9223372036854775808",
        "%d|9223372036854775807|9223372036854775807",
        "%i|-7|-7",
        "%ld|5|5",
        "%u|-1|18446744073709551615",
        "%u|-9223372036854775808|9223372036854775808",
        "%x|-1|ffffffffffffffff",
        "%x|255|ff",
        "%X|255|FF",
        "%X|-9223372036854775808|8000000000000000",
        "%o|8|10",
        "%o|-1|1777777777777777777777",
        "%#x|255|0xff",
        "%#X|255|0XFF",
        "%#o|8|010",
        "%5d|42|'   42'",
        "%-5d|42|'42   '",
        "%05d|42|00042",
        "%05d|-42|-0042",
        "%+d|42|+42",
        "%+d|-42|-42",
        "% d|42|' 42'",
        "% 5d|42|'   42'",
        "%+5d|42|'  +42'",
        "%+u|5|5",
        "% x|255|ff",
        "%.3d|7|007",
        "%8.3d|7|'     007'",
        "%-8.3d|-7|'-007    '",
        "%2d|12345|12345",
        "%#10x|255|'      0xff'",
        "%#010x|255|'      0xff'",
        "%#5o|8|'  010'",
        "%p|12345678|0xbc614e",
        "%20p|12345678|'            0xbc614e'",
        "%-20p|12345678|'0xbc614e            '",
        "%020p|12345678|0x000000000000bc614e",
        "%p|-1|0xffffffffffffffff",
        "%#d|42|42",
      })
  void integers(String format, long value, String expected) {
    assertThat(printf(format, value)).isEqualTo(expected);
  }

  @Test
  void zeroWithHashStillGetsItsPrefixUnlikeC() {
    // number() adds 0x / 0 whenever # is given; C's printf omits them for zero.
    assertThat(printf("%#x %#X %#o %p", 0L, 0L, 0L, 0L)).isEqualTo("0x0 0X0 00 0x0");
  }

  @Test
  void precisionZeroStillPrintsZeroUnlikeC() {
    assertThat(printf("[%.0d][%.0x][%5.0u]", 0L, 0L, 0L)).isEqualTo("[0][0][    0]");
  }

  @Test
  void zeroPaddingAppliesEvenWithAPrecisionUnlikeC() {
    assertThat(printf("%08.3d", 7L)).isEqualTo("00000007");
    assertThat(printf("%08.3d", -7L)).isEqualTo("-0000007");
  }

  @Test
  void onlyOneFlagIsReadSoAZeroAfterAFlagIsPartOfTheWidth() {
    // "%#010x": # is the flag and "010" the width: spaces, not zeros (C: 0x000000ff).
    assertThat(printf("%#010x", 255L)).isEqualTo("      0xff");
    // "% 05d": the space is the flag; "05" is the width, so no zero padding (C: " 0042").
    assertThat(printf("% 05d", 42L)).isEqualTo("   42");
    // "%-05d": left-justified width 5.
    assertThat(printf("%-05d|", 42L)).isEqualTo("42   |");
  }

  @Test
  void dotWithoutDigitsIsNoPrecisionUnlikeC() {
    assertThat(printf("%.d|%.s|%5.x", 5L, "abc", 255L)).isEqualTo("5|abc|   ff");
  }

  @Test
  void starWidthAndPrecision() {
    assertThat(printf("[%*d]", 6L, 42L)).isEqualTo("[    42]");
    assertThat(printf("[%-*d]", 6L, 42L)).isEqualTo("[42    ]");
    assertThat(printf("[%.*d]", 4L, 42L)).isEqualTo("[0042]");
    assertThat(printf("[%*.*d]", 6L, 4L, 42L)).isEqualTo("[  0042]");
    assertThat(printf("[%-*s]", 8L, "ab")).isEqualTo("[ab      ]");
    assertThat(printf("[%*s]", 5L, "ab")).isEqualTo("[   ab]");
  }

  @Test
  void negativeStarWidthIsZeroNotLeftJustifiedUnlikeC() {
    assertThat(printf("[%*d]", -6L, 42L)).isEqualTo("[42]");
    assertThat(printf("[%*s]", -8L, "ab")).isEqualTo("[ab]");
  }

  @Test
  void negativeStarPrecisionIsZero() {
    assertThat(printf("[%.*d]", -1L, 42L)).isEqualTo("[42]");
    // C would print the whole string; SystemTap clamps -2 to 0.
    assertThat(printf("[%.*s]", -2L, "abc")).isEqualTo("[]");
  }

  @Test
  void starValuesAreCutToAnIntFirst() {
    // clamp_t(int, arg, ...) casts the 64-bit argument: 2^32 + 3 is 3.
    assertThat(printf("[%*d]", 4294967299L, 7L)).isEqualTo("[  7]");
  }

  @Test
  void characters() {
    assertThat(printf("%c%c%c", 65L, 321L, -191L)).isEqualTo("AAA");
    assertThat(printf("[%3c][%-3c][%03c]", 65L, 66L, 67L)).isEqualTo("[  A][B  ][  C]");
    assertThat(printfBytes(FormatLimits.DEFAULT, "a%cb", 0L)).containsExactly('a', 0, 'b');
  }

  @Test
  void hashEscapesCharactersLikeC() {
    assertThat(printf("%#c%#c%#c%#c%#c", 10L, 9L, 7L, 11L, 12L)).isEqualTo("\\n\\t\\a\\v\\f");
    assertThat(printf("%#c%#c%#c", 8L, 13L, 39L)).isEqualTo("\\b\\r\\'");
    assertThat(printf("%#c", 92L)).isEqualTo("\\\\");
    assertThat(printf("%#c%#c%#c", 0L, 200L, 127L)).isEqualTo("\\000\\310\\177");
    assertThat(printf("%#c%#c", 34L, 65L)).isEqualTo("\"A");
    assertThat(printf("[%#5c][%#2c]", 10L, 0L)).isEqualTo("[   \\n][\\000]");
  }

  @Test
  void strings() {
    assertThat(printf("%s", "hello")).isEqualTo("hello");
    assertThat(printf("[%10s][%-10s]", "hello", "hello")).isEqualTo("[     hello][hello     ]");
    assertThat(printf("[%.3s][%10.3s][%-6.2s]", "hello", "hello", "hello"))
        .isEqualTo("[hel][       hel][he    ]");
    assertThat(printf("[%2s][%.0s][%s]", "hello", "hello", "")).isEqualTo("[hello][][]");
    assertThat(printf("%#s", "as is")).isEqualTo("as is");
  }

  @Test
  void aStringEndsAtItsFirstNul() {
    assertThat(printf("[%s][%5s]", new byte[] {'a', 'b', 0, 'c'}, new byte[] {'x', 0, 'y'}))
        .isEqualTo("[ab][    x]");
  }

  @Test
  void stringBytesPassThroughUnchanged() {
    byte[] latin = {(byte) 0xff, (byte) 0xfe, 'z', (byte) 0x80};
    assertThat(printfBytes(FormatLimits.DEFAULT, "<%s>", (Object) latin))
        .containsExactly('<', 0xff, 0xfe, 'z', 0x80, '>');
  }

  @Test
  void zeroFlagOnAStringPadsWithSpacesAndAppendsANul() {
    assertThat(printfBytes(FormatLimits.DEFAULT, "%0s|", "ab")).containsExactly('a', 'b', 0, '|');
    assertThat(printfBytes(FormatLimits.DEFAULT, "%05s|", "ab"))
        .containsExactly(' ', ' ', ' ', 'a', 'b', 0, '|');
  }

  @Test
  void memory() {
    byte[] abc = {'A', 'B', 'C'};
    assertThat(printf("[%m][%.3m][%5.2m][%-5.2m]", abc, abc, abc, abc))
        .isEqualTo("[A][ABC][   AB][AB   ]");
    assertThat(printf("[%M][%.3M][%8.2M][%-8.2M]", abc, abc, abc, abc))
        .isEqualTo("[41][414243][    4142][4142    ]");
    assertThat(printf("[%.*M]", 2L, abc)).isEqualTo("[4142]");
    assertThat(printfBytes(FormatLimits.DEFAULT, "%0.2m|", (Object) abc))
        .containsExactly('A', 'B', 0, '|');
    byte[] raw = {0, (byte) 0xff};
    assertThat(printf("%.2M", (Object) raw)).isEqualTo("00ff");
  }

  @Test
  void binaryExamplesOfTheLanguageReference() {
    // SystemTap Language Reference, 9.2 printf, "Binary Write Examples".
    assertThat(printf("%1b%1b%1blo %1b%1brld\n", 72L, 101L, 108L, 87L, 111L))
        .isEqualTo("Hello World\n");
    assertThat(printfBytes(FormatLimits.DEFAULT, "%b%b", 0xc0dedbadL, 0x12345678L))
        .containsExactly(
            0xad, 0xdb, 0xde, 0xc0, 0, 0, 0, 0, 0x78, 0x56, 0x34, 0x12, 0, 0, 0, 0);
    assertThat(printf("%3d: %1b%1b%1b\n", 97L, 97L, 65L, 33L)).isEqualTo(" 97: aA!\n");
  }

  @Test
  void binaryWidthsAndPrecisions() {
    assertThat(printfBytes(FormatLimits.DEFAULT, "%2b", 0x4142L)).containsExactly(0x42, 0x41);
    assertThat(printfBytes(FormatLimits.DEFAULT, "%.2b", 0x4142L)).containsExactly(0x42, 0x41);
    assertThat(printfBytes(FormatLimits.DEFAULT, "%4b", 0x01020304L))
        .containsExactly(4, 3, 2, 1);
    // Width 3 is not a size: precision falls back to 8.
    assertThat(printfBytes(FormatLimits.DEFAULT, "%3b", 65L))
        .containsExactly(65, 0, 0, 0, 0, 0, 0, 0);
    // Width 16 pads 8 NUL bytes before (or after, with -) the 8 value bytes.
    assertThat(printfBytes(FormatLimits.DEFAULT, "%16b", 65L))
        .containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 65, 0, 0, 0, 0, 0, 0, 0);
    assertThat(printfBytes(FormatLimits.DEFAULT, "%-10.1b|", 65L))
        .containsExactly(65, 0, 0, 0, 0, 0, 0, 0, 0, 0, '|');
  }

  @Test
  void literalsAndPercent() {
    assertThat(printf("100%%")).isEqualTo("100%");
    assertThat(printf("a%%b%%%d", 1L)).isEqualTo("a%b%1");
    // A lone % at the end prints; "%." and "%l" at the end print nothing (SystemTap's parser).
    assertThat(printf("100%")).isEqualTo("100%");
    assertThat(printf("abc%.")).isEqualTo("abc");
    assertThat(printf("abc%l")).isEqualTo("abc");
  }

  @Test
  void aNulInALiteralEndsThatLiteral() {
    var f = ((Parsed) StapFormat.parse(new byte[] {'a', 'b', 0, 'c', '%', 'd', '!'})).format();
    var bytes = new ByteArrayOutputStream();
    try (var out = new OutputBuffer(bytes)) {
      f.printf(ValueArguments.of(7L), FormatLimits.DEFAULT, out);
    }
    assertThat(bytes.toString(StandardCharsets.US_ASCII)).isEqualTo("ab7!");
  }

  @Test
  void onePrintfIsCutAtThePrintBufferSize() {
    String text = printf("%8190s%5d", "ab", 12345L);
    assertThat(text).hasSize(8192).endsWith("ab12");
    // The width of %5d is clamped to the 2 bytes of room left, so " 7", not "  ".
    assertThat(printf("%8190s%5d", "ab", 7L)).hasSize(8192).endsWith("ab 7");
    assertThat(printf("%9000d", 5L)).hasSize(8192).isEqualTo(" ".repeat(8191) + "5");
  }

  @Test
  void sprintfKeepsMaxStringLengthMinusOneBytes() {
    String s127 = "x".repeat(127);
    assertThat(sprintf("%s", s127)).isEqualTo(s127);
    assertThat(sprintf("%s!", s127)).isEqualTo(s127);
    assertThat(sprintf("%s", "y".repeat(300))).isEqualTo("y".repeat(127));
    // Width clamped to the 128 bytes of room: 123 spaces and 12345, whose 5 the NUL replaces.
    assertThat(sprintf("%200d", 12345L)).isEqualTo(" ".repeat(123) + "1234");
    assertThat(sprintf("ab%200d", 12345L)).isEqualTo("ab" + " ".repeat(121) + "1234");
  }

  @Test
  void sprintfEndsAtTheFirstNul() {
    assertThat(sprintf("a%cb", 0L)).isEqualTo("a");
    assertThat(sprintf("%0s|x", "ab")).isEqualTo("ab");
    assertThat(sprintf("%1b", 0L)).isEmpty();
  }

  @Test
  void sprintfHonoursOtherStringLengths() {
    var limits = new FormatLimits(8192, 8);
    byte[] s = format("%d-%s").sprintf(ValueArguments.of(1234L, "abcdef"), limits);
    assertThat(new String(s, StandardCharsets.US_ASCII)).isEqualTo("1234-ab");
  }

  @Test
  void printFunctionsSynthesizeTheirFormats() {
    var types = List.of(ScriptType.LONG, ScriptType.STRING, ScriptType.LONG);
    var args = ValueArguments.of(42L, "x", -1L);
    assertThat(render(StapFormat.forPrint(types, null, false), args)).isEqualTo("42x-1");
    assertThat(render(StapFormat.forPrint(types, null, true), args)).isEqualTo("42x-1\n");
    byte[] delim = ", ".getBytes(StandardCharsets.US_ASCII);
    assertThat(render(StapFormat.forPrint(types, delim, false), args)).isEqualTo("42, x, -1");
    assertThat(render(StapFormat.forPrint(types, delim, true), args)).isEqualTo("42, x, -1\n");
    byte[] percent = "%d".getBytes(StandardCharsets.US_ASCII);
    assertThat(render(StapFormat.forPrint(types, percent, false), args))
        .isEqualTo("42%dx%d-1");
    assertThat(StapFormat.forPrint(types, percent, true).text()).isEqualTo("%d%%d%s%%d%d\\n");
  }

  @Test
  void sprintIsPrintCut() {
    var f = StapFormat.forPrint(List.of(ScriptType.STRING, ScriptType.LONG), null, false);
    byte[] s = f.sprintf(ValueArguments.of("z".repeat(130), 5L), FormatLimits.DEFAULT);
    assertThat(new String(s, StandardCharsets.US_ASCII)).isEqualTo("z".repeat(127));
  }

  @Test
  void logIsAStringAndANewline() {
    var log = StapFormat.forPrint(List.of(ScriptType.STRING), null, true);
    assertThat(render(log, ValueArguments.of("done"))).isEqualTo("done\n");
  }

  @Test
  void warningsGetTheirPrefixAndOneNewline() {
    assertThat(new String(WarningText.of("disk full".getBytes()))).isEqualTo("WARNING: disk full\n");
    assertThat(new String(WarningText.of("disk full\n".getBytes())))
        .isEqualTo("WARNING: disk full\n");
    assertThat(new String(WarningText.of(new byte[0]))).isEqualTo("WARNING: \n");
  }

  private static String render(StapFormat f, ValueArguments args) {
    var bytes = new ByteArrayOutputStream();
    try (var out = new OutputBuffer(bytes)) {
      f.printf(args, FormatLimits.DEFAULT, out);
    }
    return bytes.toString(StandardCharsets.ISO_8859_1);
  }
}

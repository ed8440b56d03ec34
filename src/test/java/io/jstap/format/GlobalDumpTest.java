package io.jstap.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstap.format.GlobalDump.ArrayElement;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The end-of-run dump of written-but-unread globals. Expected lines follow SystemTap's
 * testsuite/systemtap.base/global_end.exp (e.g. {@code alpha["two",2]=0x4},
 * {@code gamma="abcdefghijklmnopqrstuvwxyz"}, {@code iota["two"]="twelve"},
 * {@code phi @count=4 @min=1 @max=4 @sum=10 @avg=2}, {@code gs2=0x4}, {@code ga1["foo"]=0x2}).
 */
class GlobalDumpTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final OutputBuffer out = new OutputBuffer(bytes);

  private String output() {
    out.flush();
    return bytes.toString(StandardCharsets.ISO_8859_1);
  }

  private static LongValue num(long v) {
    return new LongValue(v);
  }

  private static StringValue str(String s) {
    return StringValue.of(s);
  }

  private static StatSummary stat(long... values) {
    var p = new StatPartial(StatShape.PLAIN);
    for (long v : values) p.add(v);
    return StatSummary.merge(StatShape.PLAIN, List.of(p));
  }

  @Test
  void scalars() {
    GlobalDump.scalar("gs2", num(4), FormatLimits.DEFAULT, out);
    GlobalDump.scalar("neg", num(-1), FormatLimits.DEFAULT, out);
    GlobalDump.scalar("zero", num(0), FormatLimits.DEFAULT, out);
    GlobalDump.scalar("gamma", str("abcdefghijklmnopqrstuvwxyz"), FormatLimits.DEFAULT, out);
    GlobalDump.scalar("quoted", str("say \"hi\"\n"), FormatLimits.DEFAULT, out);
    GlobalDump.scalar("phi", stat(1, 2, 3, 4), FormatLimits.DEFAULT, out);
    GlobalDump.scalar("none", stat(), FormatLimits.DEFAULT, out);
    assertThat(output())
        .isEqualTo(
            """
            gs2=0x4
            neg=0xffffffffffffffff
            zero=0x0
            gamma="abcdefghijklmnopqrstuvwxyz"
            quoted="say "hi"
            "
            phi @count=4 @min=1 @max=4 @sum=10 @avg=2
            none @count=0x0
            """);
  }

  @Test
  void arraysAreSortedByValueDescending() {
    GlobalDump.array(
        "alpha",
        List.of(
            new ArrayElement(List.of(str("one"), num(1)), num(1)),
            new ArrayElement(List.of(str("two"), num(2)), num(4)),
            new ArrayElement(List.of(str("one"), num(2)), num(2)),
            new ArrayElement(List.of(str("two"), num(1)), num(3))),
        FormatLimits.DEFAULT,
        out);
    GlobalDump.array(
        "iota",
        List.of(
            new ArrayElement(List.of(str("one")), str("eleven")),
            new ArrayElement(List.of(str("two")), str("twelve"))),
        FormatLimits.DEFAULT,
        out);
    GlobalDump.array(
        "ga1", List.of(new ArrayElement(List.of(str("foo")), num(2))), FormatLimits.DEFAULT, out);
    assertThat(output())
        .isEqualTo(
            """
            alpha["two",2]=0x4
            alpha["two",1]=0x3
            alpha["one",2]=0x2
            alpha["one",1]=0x1
            iota["two"]="twelve"
            iota["one"]="eleven"
            ga1["foo"]=0x2
            """);
  }

  @Test
  void statisticArraysSortByCountAndKeepOrderOnTies() {
    GlobalDump.array(
        "epsilon",
        List.of(
            new ArrayElement(List.of(str("one"), num(1)), stat(1, 2, 3, 4)),
            new ArrayElement(List.of(str("three"), num(3)), stat(7, 8, 9, 10, 11)),
            new ArrayElement(List.of(str("two"), num(2)), stat(10, 20, 30, 40))),
        FormatLimits.DEFAULT,
        out);
    assertThat(output())
        .isEqualTo(
            """
            epsilon["three",3] @count=5 @min=7 @max=11 @sum=45 @avg=9
            epsilon["one",1] @count=4 @min=1 @max=4 @sum=10 @avg=2
            epsilon["two",2] @count=4 @min=10 @max=40 @sum=100 @avg=25
            """);
  }

  @Test
  void stringsSortBytewise() {
    GlobalDump.array(
        "s",
        List.of(
            new ArrayElement(List.of(num(1)), str("B")),
            new ArrayElement(List.of(num(2)), new StringValue(new byte[] {(byte) 0xc3, 0})),
            new ArrayElement(List.of(num(3)), str("a"))),
        FormatLimits.DEFAULT,
        out);
    assertThat(output()).isEqualTo("s[2]=\"\u00c3\"\ns[3]=\"a\"\ns[1]=\"B\"\n");
  }

  @Test
  void malformedElementsAreRefused() {
    assertThatThrownBy(() -> new ArrayElement(List.of(stat(1)), num(1)))
        .hasMessageContaining("cannot be a statistic");
    assertThatThrownBy(
            () ->
                GlobalDump.array(
                    "x",
                    List.of(
                        new ArrayElement(List.of(num(1)), num(1)),
                        new ArrayElement(List.of(num(1), num(2)), num(2))),
                    FormatLimits.DEFAULT,
                    out))
        .hasMessageContaining("have 1 and 2 keys");
    assertThatThrownBy(
            () ->
                GlobalDump.array(
                    "y",
                    List.of(
                        new ArrayElement(List.of(num(1)), num(1)),
                        new ArrayElement(List.of(str("a")), num(2))),
                    FormatLimits.DEFAULT,
                    out))
        .hasMessage("key 1 of y changes type");
    assertThatThrownBy(
            () ->
                GlobalDump.array(
                    "z",
                    List.of(
                        new ArrayElement(List.of(num(1)), num(1)),
                        new ArrayElement(List.of(num(2)), str("b"))),
                    FormatLimits.DEFAULT,
                    out))
        .hasMessage("values of z change type");
  }
}

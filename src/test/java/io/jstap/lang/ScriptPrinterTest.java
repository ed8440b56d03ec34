package io.jstap.lang;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScriptPrinterTest {
  @Test
  void parenthesesOnlyWhereNeeded() {
    assertThat(Scripts.printed("x = (a + b) * (c)")).isEqualTo("x = (a + b) * c");
    assertThat(Scripts.printed("x = a - (b - c)")).isEqualTo("x = a - (b - c)");
    assertThat(Scripts.printed("x = (a - b) - c")).isEqualTo("x = a - b - c");
    assertThat(Scripts.printed("x = (a ? b : c) ? d : e")).isEqualTo("x = (a ? b : c) ? d : e");
    assertThat(Scripts.printed("x = a ? b : (c ? d : e)")).isEqualTo("x = a ? b : c ? d : e");
    assertThat(Scripts.printed("x = (y = 1)")).isEqualTo("x = y = 1");
    assertThat(Scripts.printed("x = (s =~ \"a\") == 1")).isEqualTo("x = (s =~ \"a\") == 1");
  }

  @Test
  void unaryOperatorsDoNotFuseIntoOtherTokens() {
    assertThat(Scripts.printed("x = -(-a)")).isEqualTo("x = - -a");
    assertThat(Scripts.printed("x = -(--a)")).isEqualTo("x = - --a");
    assertThat(Scripts.printed("x = +(+a)")).isEqualTo("x = + +a");
    assertThat(Scripts.printed("x = !(!a)")).isEqualTo("x = !!a");
    assertThat(Scripts.printed("x = !(~a)")).isEqualTo("x = ! ~a");
    assertThat(Scripts.printed("x = -(!a)")).isEqualTo("x = -!a");
  }

  @Test
  void autocastOperandsStayApart() {
    assertThat(Scripts.printed("x = (v)[1]")).isEqualTo("x = (v)[1]");
    assertThat(Scripts.printed("x = (v)$")).isEqualTo("x = (v)$");
    assertThat(Scripts.printed("x = ($v)->f")).isEqualTo("x = ($v)->f");
    assertThat(Scripts.printed("x = (a + b)->f")).isEqualTo("x = (a + b)->f");
    assertThat(Scripts.printed("x = v->f")).isEqualTo("x = v->f");
    assertThat(Scripts.printed("x = v[1][2]")).isEqualTo("x = v[1][2]");
  }

  @Test
  void numbersKeepTheirRadix() {
    assertThat(Scripts.printed("x = 0x1F + 010 + 9")).isEqualTo("x = 0x1f + 010 + 9");
    assertThat(Scripts.printed("x = 18446744073709551615")).isEqualTo("x = 18446744073709551615");
    assertThat(ScriptPrinter.print(Scripts.clean("global g = -5, h = 0xffffffffffffffff")))
        .isEqualTo("global g = -5, h = 0xffffffffffffffff\n");
  }

  @Test
  void stringsEscapeWhatTheyMust() {
    assertThat(Scripts.printed("x = \"q\\\"\\\\\\n\\001\\x7f\\351é\""))
        .isEqualTo("x = \"q\\\"\\\\\\n\\001\\177\\351é\"");
  }

  @Test
  void printedScriptsParseBack() {
    String text = """
        global arr%[10], s
        probe a.b("x")!, c.d(-1)? if (x > 0) {
          foreach ([k, v-] in arr[*, 1] limit 3) { s <<< k }
          if (a) if (b) c = 1; else d = 2
          try { x = @cast(p, "t")->f$ } catch (e) { }
        }
        function f:long (a:long) { return a * 2 }
        """;
    var first = Scripts.clean(text);
    String printed = ScriptPrinter.print(first);
    var second = Scripts.clean(printed);
    assertThat(AstShape.of(second)).isEqualTo(AstShape.of(first));
    assertThat(ScriptPrinter.print(second)).isEqualTo(printed);
  }
}

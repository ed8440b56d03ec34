package io.jstap.runtime.interp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.lang.Source;
import org.junit.jupiter.api.Test;

class SourceTokensTest {
  private final Source src = new Source("t.stp",
      "probe begin {\n  x = a / (b) # c\n  @count(s) foo(\"s\\\"q\") 0x1f >>= if\n}");

  @Test
  void namesTokensAsSystemTapPrintsThem() {
    String text = src.text();
    assertThat(SourceTokens.at(src, text.indexOf("x ="))).isEqualTo("identifier 'x' at t.stp:2:3");
    assertThat(SourceTokens.at(src, text.indexOf("/"))).isEqualTo("operator '/' at t.stp:2:9");
    assertThat(SourceTokens.at(src, text.indexOf("@count")))
        .isEqualTo("operator '@count' at t.stp:3:3");
    assertThat(SourceTokens.at(src, text.indexOf("\"s")))
        .isEqualTo("string 's\\\"q' at t.stp:3:17");
    assertThat(SourceTokens.at(src, text.indexOf("0x1f"))).isEqualTo("number '0x1f' at t.stp:3:25");
    assertThat(SourceTokens.at(src, text.indexOf(">>="))).isEqualTo("operator '>>=' at t.stp:3:30");
    assertThat(SourceTokens.at(src, text.indexOf("if"))).isEqualTo("keyword at t.stp:3:34");
    assertThat(SourceTokens.at(src, 0)).isEqualTo("keyword at t.stp:1:1");
  }

  @Test
  void findsAnOperatorAfterItsLeftOperand() {
    String text = src.text();
    int afterA = text.indexOf("a /") + 1;
    assertThat(SourceTokens.operatorAfter(src, afterA, "/", -1)).isEqualTo(text.indexOf("/"));
    // past a closing parenthesis and a comment, to the next line's token: not the operator
    int afterB = text.indexOf("b)") + 1;
    assertThat(SourceTokens.operatorAfter(src, afterB, "/", -7)).isEqualTo(-7);
  }
}

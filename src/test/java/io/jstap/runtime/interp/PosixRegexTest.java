package io.jstap.runtime.interp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class PosixRegexTest {
  private static PosixRegex re(String r) throws PosixRegex.RegexException {
    return PosixRegex.compile(r.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** The whole match, or null. */
  private static String match(String regex, String subject) throws PosixRegex.RegexException {
    byte[] s = subject.getBytes(StandardCharsets.ISO_8859_1);
    int[] spans = re(regex).match(s);
    return spans == null ? null : subject.substring(spans[0], spans[1]);
  }

  @Test
  void theWholeMatchIsLeftmostLongest() throws Exception {
    assertThat(match("a|ab|abc", "xabcd")).isEqualTo("abc");
    assertThat(match("(a|ab)(c|bcd)", "abcd")).isEqualTo("abcd");
    assertThat(match("x*", "axx")).isEqualTo(""); // leftmost wins over longest
    assertThat(match("b+", "abbbc")).isEqualTo("bbb");
  }

  @Test
  void anchorsAreTheEndsOfTheString() throws Exception {
    assertThat(match("^ab", "abab")).isEqualTo("ab");
    assertThat(match("ab$", "abab")).isEqualTo("ab");
    assertThat(match("b$", "ab\n")).isNull(); // not before a final newline, unlike Java's $
    assertThat(match("^b", "ab")).isNull();
  }

  @Test
  void bracketExpressionsAndNamedClasses() throws Exception {
    assertThat(match("[[:alpha:]]+", "12abC3")).isEqualTo("abC");
    assertThat(match("[^[:digit:] ]+", "12 ab3")).isEqualTo("ab");
    assertThat(match("[]x]+", "a]x]b")).isEqualTo("]x]");
    assertThat(match("[a\\]]+", "a]a")).isEqualTo("a]a");
    assertThat(match("[a-c-]+", "xb-cy")).isEqualTo("b-c");
    assertThat(match("[&&a]+", "&&a")).isEqualTo("&&a"); // no Java class intersection
    assertThat(match("[[:punct:]]+", "a!?b")).isEqualTo("!?");
    assertThat(match("[[:d:]][[:s:]][[:u:]][[:l:]]", "1 Ab")).isEqualTo("1 Ab");
  }

  @Test
  void aBackslashMakesAnyCharacterLiteral() throws Exception {
    assertThat(match("a\\.b", "axb a.b")).isEqualTo("a.b");
    assertThat(match("\\d", "d1")).isEqualTo("d"); // no \d shorthand in SystemTap's dialect
    assertThat(match("\\(\\)", "()")).isEqualTo("()");
    assertThat(match("a.c", "a\nc")).isEqualTo("a\nc");
  }

  @Test
  void repetitionsAndGroups() throws Exception {
    assertThat(match("^a{2}$", "aa")).isEqualTo("aa");
    assertThat(match("^a{2,}$", "aaaa")).isEqualTo("aaaa");
    assertThat(match("^a{1,2}$", "aaa")).isNull();
    assertThat(match("(?:ab)+", "ababx")).isEqualTo("abab");
    assertThat(re("(a)(?:b)(c)").groups()).isEqualTo(2);
    int[] spans = re("x(a)?y").match("xy".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(spans).containsExactly(0, 2, -1, -1);
  }

  @Test
  void bytesAboveAsciiMatchThemselves() throws Exception {
    byte[] subject = {'a', (byte) 0xe9, (byte) 0xff, 'b'};
    int[] spans = PosixRegex.compile(new byte[] {'[', (byte) 0x80, '-', (byte) 0xff, ']', '+'})
        .match(subject);
    assertThat(spans).containsExactly(1, 3);
  }

  @Test
  void malformedRegexesSayWhat() {
    assertThatThrownBy(() -> re("*a")).hasMessage("unexpected '*'");
    assertThatThrownBy(() -> re("a)")).hasMessage("unbalanced ')'");
    assertThatThrownBy(() -> re("(a")).hasMessage("expected ), found end of regex");
    assertThatThrownBy(() -> re("[abc")).hasMessage("unclosed character class");
    assertThatThrownBy(() -> re("[[:bogus:]]")).hasMessage("unknown character class 'bogus'");
    assertThatThrownBy(() -> re("[z-a]")).hasMessage("Inverted character range z-a");
    assertThatThrownBy(() -> re("^*")).hasMessage("postfix closure '*' applied to anchoring"
        + " operator");
    assertThatThrownBy(() -> re("a{3,1}")).hasMessageContaining("maximum below its minimum");
    assertThatThrownBy(() -> re("a{99999}")).hasMessage("99999 is too large");
    assertThatThrownBy(() -> re("(?=a)")).hasMessage("unexpected '(?='");
  }

  /** A literal text, every special character escaped, matches itself and only where it is. */
  @Property
  void escapedLiteralsMatchThemselves(@ForAll @StringLength(max = 12) String text)
      throws Exception {
    var bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    var regex = new StringBuilder();
    for (byte b : bytes) regex.append('\\').append((char) (b & 0xff));
    String subject = "<" + new String(bytes, StandardCharsets.ISO_8859_1) + ">";
    int[] spans = PosixRegex.compile(regex.toString().getBytes(StandardCharsets.ISO_8859_1))
        .match(subject.getBytes(StandardCharsets.ISO_8859_1));
    assertThat(spans).isNotNull();
    assertThat(subject.substring(spans[0], spans[1]))
        .isEqualTo(new String(bytes, StandardCharsets.ISO_8859_1));
  }
}

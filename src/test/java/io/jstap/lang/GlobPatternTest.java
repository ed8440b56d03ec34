package io.jstap.lang;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobPatternTest {
  @Test
  void matchesLikeFnmatch() {
    assertThat(GlobPattern.matches("x86*", "x86_64")).isTrue();
    assertThat(GlobPattern.matches("i?86", "i386")).isTrue();
    assertThat(GlobPattern.matches("i?86", "x86_64")).isFalse();
    assertThat(GlobPattern.matches("[ym]", "m")).isTrue();
    assertThat(GlobPattern.matches("[ym]", "n")).isFalse();
    assertThat(GlobPattern.matches("[!ym]", "n")).isTrue();
    assertThat(GlobPattern.matches("[a-c]x", "bx")).isTrue();
    assertThat(GlobPattern.matches("6.18.*", "6.18.44-foo")).isTrue();
    assertThat(GlobPattern.matches("*", "")).isTrue();
    assertThat(GlobPattern.matches("", "")).isTrue();
    assertThat(GlobPattern.matches("a\\b", "a\\b")).isTrue();
    assertThat(GlobPattern.matches("[", "[")).isTrue();
    assertThat(GlobPattern.matches("arm", "arm64")).isFalse();
  }
}

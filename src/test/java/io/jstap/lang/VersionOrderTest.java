package io.jstap.lang;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class VersionOrderTest {
  @Test
  void sortsLikeGlibcStrverscmp() {
    // The order glibc's manual gives for strverscmp.
    List<String> sorted = List.of("000", "00", "01", "010", "09", "0", "1", "9", "10");
    for (int i = 0; i + 1 < sorted.size(); i++) {
      assertThat(VersionOrder.compare(sorted.get(i), sorted.get(i + 1)))
          .as(sorted.get(i) + " < " + sorted.get(i + 1)).isNegative();
      assertThat(VersionOrder.compare(sorted.get(i + 1), sorted.get(i))).isPositive();
    }
  }

  @Test
  void kernelVersionsCompareNumerically() {
    assertThat(VersionOrder.compare("4.9", "4.10")).isNegative();
    assertThat(VersionOrder.compare("2.6.32", "2.6.9")).isPositive();
    assertThat(VersionOrder.compare("6.18.44", "6.18.44")).isZero();
    assertThat(VersionOrder.compare("6.18.44-fc", "6.18.44")).isPositive();
    assertThat(VersionOrder.compare("3.10.0", "3.10")).isPositive();
    assertThat(VersionOrder.compare("5.0", "4.8")).isPositive();
  }
}

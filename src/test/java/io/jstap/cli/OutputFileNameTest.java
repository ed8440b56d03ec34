package io.jstap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class OutputFileNameTest {
  private static final ZonedDateTime T =
      ZonedDateTime.of(2026, 3, 7, 9, 5, 4, 0, ZoneId.of("UTC"));

  @Test
  void conversionsAsStrftimeWritesThem() {
    assertThat(OutputFileName.expand("/var/log/t-%Y%m%d-%H%M%S.log", T))
        .isEqualTo(Path.of("/var/log/t-20260307-090504.log"));
    assertThat(OutputFileName.expand("%F_%T %j %a %b %e %y %p %I %s %z %%", T))
        .isEqualTo(Path.of("2026-03-07_09:05:04 066 Sat Mar  7 26 AM 09 1772874304 +0000 %"));
  }

  @Test
  void unknownConversionsAndPlainNamesStayAsWritten() {
    assertThat(OutputFileName.expand("a%Qb%", T)).isEqualTo(Path.of("a%Qb%"));
    assertThat(OutputFileName.expand("plain.txt", T)).isEqualTo(Path.of("plain.txt"));
  }

  @Property
  void anEscapedNameExpandsToItself(@ForAll String name) {
    String clean = name.replace("\0", "");
    assertThat(OutputFileName.expand(OutputFileName.escape(clean), T).toString())
        .isEqualTo(Path.of(clean).toString());
  }
}

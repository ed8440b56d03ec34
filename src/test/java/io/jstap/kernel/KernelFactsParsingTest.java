package io.jstap.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KernelFactsParsingTest {
  @Test
  void kernelVersions() {
    assertThat(KernelVersion.parse("6.18.44-fc-v657")).isEqualTo(new KernelVersion(6, 18, 44));
    assertThat(KernelVersion.parse("5.8")).isEqualTo(new KernelVersion(5, 8, 0));
    assertThat(KernelVersion.parse("5.10.0").atLeast(KernelVersion.parse("5.8"))).isTrue();
    assertThat(KernelVersion.parse("4.19.1").atLeast(KernelVersion.parse("5.8"))).isFalse();
    assertThat(KernelVersion.parse("5.15.3").toString()).isEqualTo("5.15.3");
  }

  @Test
  void kernelConfig() {
    var c = KernelConfig.parse("CONFIG_UPROBES=y\n# CONFIG_KPROBES is not set\nCONFIG_HZ=250\n");
    assertThat(c.option("CONFIG_UPROBES")).contains("y");
    assertThat(c.option("CONFIG_KPROBES")).contains("n");
    assertThat(c.option("CONFIG_NEVER_HEARD_OF")).contains("n");
    assertThat(c.option("CONFIG_HZ")).contains("250");
    assertThat(KernelConfig.parse("").option("CONFIG_KPROBES")).isEmpty();
  }

  @Test
  void pmuFormatFields() {
    assertThat(PerfEventSource.parseFormat("config:0\n")).contains(new PerfEventSource.FormatField("config", 0, 0));
    assertThat(PerfEventSource.parseFormat("config:32-63")).contains(new PerfEventSource.FormatField("config", 32, 63));
    assertThat(PerfEventSource.parseFormat("config1:0-63")).contains(new PerfEventSource.FormatField("config1", 0, 63));
    assertThat(PerfEventSource.parseFormat("event=0x3c")).isEmpty();
  }
}

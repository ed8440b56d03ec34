package io.jstap.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelConfigTest {
  private static final String CONFIG = """
      #
      # Automatically generated file; DO NOT EDIT.
      #
      CONFIG_64BIT=y
      CONFIG_HZ=250
      CONFIG_LOCALVERSION="-fc"
      # CONFIG_KPROBES is not set
      CONFIG_IPV6=m
      """;

  @TempDir Path dir;

  @Test
  void parsesSetOptionsAndSkipsTheRest() {
    var options = KernelConfig.parse(CONFIG);
    assertThat(options).containsEntry("CONFIG_64BIT", "y").containsEntry("CONFIG_HZ", "250")
        .containsEntry("CONFIG_LOCALVERSION", "\"-fc\"").containsEntry("CONFIG_IPV6", "m")
        .doesNotContainKey("CONFIG_KPROBES").hasSize(4);
  }

  @Test
  void readsGzippedAndPlainFilesOnFirstUse() throws IOException {
    Path gz = dir.resolve("config.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(CONFIG.getBytes(StandardCharsets.UTF_8));
    }
    KernelConfig fromGz = KernelConfig.fromFile(gz);
    assertThat(fromGz.apply("CONFIG_HZ")).isEqualTo("250");
    assertThat(fromGz.apply("CONFIG_KPROBES")).isNull();
    assertThat(fromGz.source()).isEqualTo(gz);

    Path plain = Files.writeString(dir.resolve("config-6.1"), CONFIG);
    assertThat(KernelConfig.fromFile(plain).apply("CONFIG_IPV6")).isEqualTo("m");
  }

  @Test
  void aMissingFileIsAnEmptyConfig() {
    KernelConfig none = KernelConfig.fromFile(dir.resolve("nothing"));
    assertThat(none.isAvailable()).isFalse();
    assertThat(none.apply("CONFIG_64BIT")).isNull();
  }
}

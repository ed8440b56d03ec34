package io.jstap.lang;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TapsetPathTest {
  @Test
  void runtimeDirectoryFirstThenVersionsMostSpecificFirstEachWithItsArchBefore() {
    var context = PreprocessorContext.of("6.18.44-fc", "x86_64", Map.of()).withRuntime("kernel");
    assertThat(TapsetPath.suffixes(context)).containsExactly(
        "linux/6.18.44-fc/x86_64", "linux/6.18.44-fc", "linux/6.18.44/x86_64", "linux/6.18.44",
        "linux/6.18/x86_64", "linux/6.18", "linux/x86_64", "linux",
        "6.18.44-fc/x86_64", "6.18.44-fc", "6.18.44/x86_64", "6.18.44", "6.18/x86_64", "6.18",
        "x86_64", "");
  }

  @Test
  void bpfLooksUnderBpfAndDyninstIgnoresKernelVersions() {
    var bpf = PreprocessorContext.of("6.1", "arm64", Map.of());
    assertThat(TapsetPath.suffixes(bpf)).containsExactly(
        "bpf/6.1/arm64", "bpf/6.1", "bpf/arm64", "bpf", "6.1/arm64", "6.1", "arm64", "");
    var dyninst = bpf.withRuntime("dyninst");
    assertThat(TapsetPath.suffixes(dyninst)).containsExactly("dyninst/arm64", "dyninst", "arm64", "");
    assertThat(TapsetPath.directories(List.of(Path.of("/t")), dyninst))
        .containsExactly(Path.of("/t/dyninst/arm64"), Path.of("/t/dyninst"), Path.of("/t/arm64"), Path.of("/t"));
  }
}

package io.jstap.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstap.kernel.KernelConfig;
import io.jstap.kernel.PerfEventSource;
import io.jstap.testing.FdLeakCheck;
import io.jstap.testing.FeatureAssumptions;
import io.jstap.testing.KernelTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@KernelTest
@ExtendWith(FdLeakCheck.class)
class FeaturesKernelTest {
  /** Each feature is either there or missing for a reason; present ones really work. */
  @ParameterizedTest
  @EnumSource(Feature.class)
  void featureDetection(Feature f) {
    FeatureAssumptions.assumeFeature(f);
    assertThat(Features.supported(f)).isTrue();
  }

  @Test
  void kprobesAreDetectedFromTheirPmu() {
    boolean pmu = PerfEventSource.find("kprobe").isPresent();
    assertThat(Features.supported(Feature.KPROBES)).isEqualTo(pmu);
    if (!pmu) {
      String reason = Features.missing(Feature.KPROBES).orElseThrow();
      if (KernelConfig.running().option("CONFIG_KPROBES").filter("n"::equals).isPresent()) {
        assertThat(reason)
            .isEqualTo(
                "kprobes not supported by this kernel (CONFIG_KPROBES is off); use a tracepoint such as"
                    + " syscalls:sys_enter_openat");
      }
      var asm = new Assembler().emit(Alu.mov(Reg.R0, 0), Exit.exit());
      try (var p = BpfProgram.load(ProgramSpec.of("kp", ProgramType.KPROBE, asm.assemble()), Map.of())) {
        assertThatThrownBy(() -> PerfEvent.kprobe(p, "do_sys_openat2", 0, false))
            .isInstanceOf(UnsupportedFeatureException.class)
            .hasMessage(reason);
      }
    }
  }

  @Test
  void fentryAttachesOnlyWhereDetected() {
    if (Features.supported(Feature.FENTRY)) return; // covered by featureDetection's real attach
    String reason = Features.missing(Feature.FENTRY).orElseThrow();
    assertThat(reason).startsWith("fentry/fexit (tracing programs) not supported").endsWith("use a tracepoint or raw tracepoint instead");
  }
}

package io.jstap.dropwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.bpf.Disassembler;
import io.jstap.bpf.MapType;
import io.jstap.bpf.ProgramType;
import org.junit.jupiter.api.Test;

class DropProgramTest {
  static final KfreeSkbLayout LAYOUT = KfreeSkbLayout.of(Fixture.btf());

  @Test
  void theCommonCaseIsAFewInstructions() {
    var spec = DropProgram.program(LAYOUT);
    assertThat(spec.type()).isEqualTo(ProgramType.RAW_TRACEPOINT);
    String asm = Disassembler.print(spec.code());
    // location = args[1], reason = args[2] (32 bits), skb = args[0]; no filter: straight to the count
    assertThat(asm.lines().limit(7).toList())
        .anySatisfy(l -> assertThat(l).contains("r7 = *(u64 *)(r1 +8)"))
        .anySatisfy(l -> assertThat(l).contains("r8 = *(u64 *)(r1 +16)"))
        .anySatisfy(l -> assertThat(l).contains("r6 = *(u64 *)(r1 +0)"));
    int slots = spec.code().slotCount();
    assertThat(slots).isLessThan(400);
  }

  @Test
  void aKernelWithoutReasonsCountsReasonZero() {
    var old = new KfreeSkbLayout(0, 1, -1, 112, 176, 180, 192, 16, 224, 280);
    String asm = Disassembler.print(DropProgram.program(old).code());
    assertThat(asm).contains("r8 = 0").doesNotContain("(r1 +16)");
  }

  @Test
  void mapsFitTheKernelsRules() {
    var maps = DropProgram.maps();
    assertThat(maps).extracting(m -> m.type())
        .containsExactly(MapType.PERCPU_HASH, MapType.ARRAY, MapType.ARRAY, MapType.PERCPU_ARRAY, MapType.RINGBUF, MapType.PERCPU_ARRAY);
    assertThat(maps.getFirst().keySize()).isEqualTo(DropProgram.KEY_SIZE);
  }
}

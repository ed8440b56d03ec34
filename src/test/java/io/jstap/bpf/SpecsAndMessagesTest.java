package io.jstap.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstap.bpf.sys.SyscallException;
import io.jstap.kernel.KernelConfig;
import io.jstap.kernel.KernelVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecsAndMessagesTest {
  @Test
  void mapSpecsCheckWhatTheKernelWouldRefuseSilently() {
    assertThatThrownBy(() -> MapSpec.array("a_name_far_too_long", 8, 1))
        .hasMessage("map name 'a_name_far_too_long' must be 1-15 characters of A-Z, a-z, 0-9, _ and .");
    assertThatThrownBy(() -> MapSpec.hash("with-dash", 8, 8, 1)).hasMessageContaining("'with-dash'");
    assertThatThrownBy(() -> MapSpec.ringBuffer("rb", 5000))
        .hasMessage("ring buffer 'rb' size 5000 must be a power of two and at least 4096");
    assertThatThrownBy(() -> new MapSpec("a", MapType.ARRAY, 8, 8, 1, 0)).hasMessage("array map 'a' has 4-byte keys, not 8");
    assertThatThrownBy(() -> MapSpec.hash("h", 8, 0, 1)).hasMessageContaining("needs positive key size, value size and entries");
    assertThat(MapSpec.ringBuffer("rb", 1 << 20).maxEntries()).isEqualTo(1 << 20);
  }

  @Test
  void programSpecs() {
    var code = AssembledProgram.of(List.of(Alu.mov(Reg.R0, 0), Exit.exit()));
    assertThat(ProgramSpec.of("p", ProgramType.KPROBE, code).license()).isEqualTo("GPL");
    assertThatThrownBy(() -> ProgramSpec.of("p", ProgramType.KPROBE, AssembledProgram.of(List.of())))
        .hasMessage("program 'p' is empty");
    assertThatThrownBy(() -> ProgramSpec.of("f", ProgramType.TRACING, code))
        .hasMessage("tracing program 'f' needs the BTF id of its target");
  }

  @Test
  void syscallFailuresNameTheCallAndTheErrno() {
    assertThat(new SyscallException("bpf(BPF_PROG_LOAD)", 13).getMessage())
        .isEqualTo("bpf(BPF_PROG_LOAD): Permission denied (EACCES)");
    assertThat(new SyscallException("perf_event_open(tracepoint x:y)", 2, "attaching").getMessage())
        .isEqualTo("perf_event_open(tracepoint x:y): No such file or directory (ENOENT): attaching");
    assertThat(new SyscallException("bpf(BPF_MAP_CREATE)", 524).errnoName()).isEqualTo("ENOTSUPP");
  }

  static final String LOG =
      """
      func#0 @0
      0: R1=ctx() R10=fp0
      0: (b7) r0 = 0                        ; R0_w=0
      1: (18) r2 = 0x1                      ; R2_w=1
      3: (0f) r0 += r3
      R3 !read_ok
      processed 3 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0
      """;

  @Test
  void verifierLogsGiveTheInstructionAndTheReason() {
    var code =
        new Assembler().at("x.stp:1:1").emit(Alu.mov(Reg.R0, 0), LoadImm64.constant(Reg.R2, 1)).at("x.stp:4:2")
            .emit(Alu.add(Reg.R0, Reg.R3)).emit(Exit.exit()).assemble();
    VerifierException e = BpfProgram.rejection(ProgramSpec.of("p", ProgramType.TRACEPOINT, code), 13, LOG);
    assertThat(e.instructionIndex()).isEqualTo(3);
    assertThat(e.position()).isEqualTo("x.stp:4:2");
    assertThat(e.reason()).isEqualTo("R3 !read_ok");
    assertThat(e.getMessage())
        .isEqualTo("bpf(BPF_PROG_LOAD): Permission denied (EACCES): the kernel refused program 'p' at instruction 3 (x.stp:4:2): R3 !read_ok");
    var empty = BpfProgram.rejection(ProgramSpec.of("p", ProgramType.TRACEPOINT, code), 22, "");
    assertThat(empty.instructionIndex()).isEqualTo(-1);
    assertThat(empty.getMessage()).endsWith("invalid attributes (program type, attach type or name) and no verifier log");
  }

  @Test
  void missingFeaturesSayWhy() {
    var config = KernelConfig.parse("# CONFIG_KPROBES is not set\nCONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS=y\n");
    assertThat(Features.explain(Feature.RING_BUFFER, KernelVersion.parse("5.4.0"), config, "EINVAL"))
        .isEqualTo("ring buffer not supported (requires Linux >= 5.8)");
    assertThat(Features.explain(Feature.KPROBES, KernelVersion.parse("6.18"), config, "no kprobe PMU"))
        .isEqualTo("kprobes not supported by this kernel (CONFIG_KPROBES is off); use a tracepoint such as syscalls:sys_enter_openat");
    assertThat(Features.explain(Feature.FENTRY, KernelVersion.parse("6.18"), config, "EPERM"))
        .isEqualTo("fentry/fexit (tracing programs) not supported by this kernel (EPERM); use a tracepoint or raw tracepoint instead");
    assertThat(Features.explain(Feature.UPROBES, KernelVersion.parse("6.1"), KernelConfig.parse(""), "no uprobe PMU"))
        .isEqualTo("uprobes not supported by this kernel (no uprobe PMU)");
  }

  @Test
  void cpuLists() {
    assertThat(Cpus.parseList("0-1\n")).containsExactly(0, 1);
    assertThat(Cpus.parseList("0-3,5,7-8")).containsExactly(0, 1, 2, 3, 5, 7, 8);
    assertThat(Cpus.parseList("0")).containsExactly(0);
  }
}

package io.jstap.bpf;

import static io.jstap.bpf.Reg.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jstap.testing.FdLeakCheck;
import io.jstap.testing.KernelTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@KernelTest
@ExtendWith(FdLeakCheck.class)
class BpfProgramKernelTest {
  @Test
  void verifierRejectionCarriesTheLogTheInstructionAndItsSourcePosition() {
    var asm =
        new Assembler()
            .at("test.stp:1:1")
            .emit(Alu.mov(R0, 0))
            .emit(LoadImm64.constant(R2, 1))
            .at("test.stp:2:5")
            // r3 was never written: the verifier refuses to read it
            .emit(Alu.add(R0, R3))
            .at("test.stp:3:1")
            .emit(Exit.exit());
    var spec = ProgramSpec.of("bad", ProgramType.TRACEPOINT, asm.assemble());
    VerifierException e = catchThrowableOfType(VerifierException.class, () -> BpfProgram.load(spec, Map.of()));
    assertThat(e.errnoName()).isEqualTo("EACCES");
    // ld_imm64 takes two slots: the add is kernel instruction 3
    assertThat(e.instructionIndex()).isEqualTo(3);
    assertThat(e.position()).isEqualTo("test.stp:2:5");
    assertThat(e.reason()).isEqualTo("R3 !read_ok");
    assertThat(e.log()).contains("3: (0f) r0 += r3");
    assertThat(e.getMessage())
        .isEqualTo(
            "bpf(BPF_PROG_LOAD): Permission denied (EACCES): the kernel refused program 'bad' at instruction 3"
                + " (test.stp:2:5): R3 !read_ok");
  }

  @Test
  void localCallsRunASubprogram() {
    // main: r1 = 20; call twice; counts[0] += r0 (40) on each getppid of this process
    Label twice = new Label("twice"), out = new Label("out");
    var asm = new Assembler();
    CountingPrograms.emitFilterTgid(asm, ProcessHandle.current().pid(), out);
    asm.emit(Alu.mov(R1, 20), CallLocal.to(twice), Alu.mov(R6, R0))
        .emit(StoreImm.of(Size.W, R10, -4, 0), Alu.mov(R2, R10), Alu.add(R2, -4), LoadImm64.map(R1, "counts"),
            Call.helper(Helpers.MAP_LOOKUP_ELEM), Jump.ifEqual(R0, 0, out), Atomic.add64(R0, 0, R6))
        .bind(out)
        .emit(Alu.mov(R0, 0), Exit.exit())
        .bind(twice)
        .emit(Alu.mov(R0, R1), Alu.add(R0, R1), Exit.exit());
    try (var objects = new BpfObjects()) {
      BpfMap counts = objects.createMap(MapSpec.array("counts", 8, 1));
      BpfProgram p = objects.load(ProgramSpec.of("calls", ProgramType.TRACEPOINT, asm.assemble()));
      objects.own(PerfEvent.tracepoint(p, io.jstap.kernel.Tracefs.open(), "syscalls", "sys_enter_getppid"));
      for (int i = 0; i < 3; i++) io.jstap.bpf.sys.Syscall.getppid();
      assertThat(counts.readLong(0)).isEqualTo(120);
    }
  }

  @Test
  void aMissingMapIsNamed() {
    var asm = new Assembler().emit(LoadImm64.map(R1, "nowhere"), Alu.mov(R0, 0), Exit.exit());
    assertThatThrownBy(() -> BpfProgram.load(ProgramSpec.of("p", ProgramType.TRACEPOINT, asm.assemble()), Map.of()))
        .isInstanceOf(BpfException.class)
        .hasMessage("program 'p' uses map 'nowhere', which does not exist");
  }

  @Test
  void mapValuePointersWriteAGlobalDirectly() {
    try (var objects = new BpfObjects(); var arena = java.lang.foreign.Arena.ofConfined()) {
      BpfMap globals = objects.createMap(MapSpec.array("globals", 16, 1));
      // *(u64 *)(&globals[0] + 8) = 42, through a BPF_PSEUDO_MAP_VALUE pointer: no lookup call
      var asm =
          new Assembler()
              .emit(LoadImm64.mapValue(R1, "globals", 8), Alu.mov(R2, 42), Store.u64(R1, 0, R2), Alu.mov(R0, 0), Exit.exit());
      BpfProgram p = objects.load(ProgramSpec.of("set_global", ProgramType.TRACEPOINT, asm.assemble()));
      objects.own(PerfEvent.tracepoint(p, io.jstap.kernel.Tracefs.open(), "syscalls", "sys_enter_getppid"));
      io.jstap.bpf.sys.Syscall.getppid();
      var key = arena.allocate(4);
      var value = arena.allocate(16);
      assertThat(globals.lookup(key, value)).isTrue();
      assertThat(value.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0)).isZero();
      assertThat(value.get(java.lang.foreign.ValueLayout.JAVA_LONG, 8)).isEqualTo(42);
    }
  }
}

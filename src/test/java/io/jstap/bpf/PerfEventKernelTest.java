package io.jstap.bpf;

import static io.jstap.bpf.Reg.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstap.kernel.Tracefs;
import io.jstap.testing.FdLeakCheck;
import io.jstap.testing.FeatureAssumptions;
import io.jstap.testing.KernelTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@KernelTest
@ExtendWith(FdLeakCheck.class)
class PerfEventKernelTest {
  @Test
  void cpuClockFiresOnEveryOnlineCpuAtTheAskedFrequency() throws Exception {
    FeatureAssumptions.assumeFeature(Feature.PERF_EVENTS);
    var asm = new Assembler();
    CountingPrograms.emitIncrement(asm, "ticks", 0);
    asm.emit(Alu.mov(R0, 0), Exit.exit());
    try (var objects = new BpfObjects()) {
      BpfMap ticks = objects.createMap(MapSpec.perCpuArray("ticks", 8, 1));
      BpfProgram p = objects.load(ProgramSpec.of("tick", ProgramType.PERF_EVENT, asm.assemble()));
      var events = objects.ownAll(PerfEvent.cpuClock(p, 1000, true));
      assertThat(events).hasSize(Cpus.online().size());
      Thread.sleep(300);
      objects.detachAll();
      // 1000 Hz on each CPU for 0.3 s; an idle CPU's clock still ticks, but a loaded VM may skip some
      assertThat(ticks.readLong(0)).isBetween(100L * events.size(), 400L * events.size());
    }
  }

  @Test
  void aProgramOfTheWrongTypeIsRefusedWithTheReason() {
    var asm = new Assembler().emit(Alu.mov(R0, 0), Exit.exit());
    try (var p = BpfProgram.load(ProgramSpec.of("raw", ProgramType.RAW_TRACEPOINT, asm.assemble()), Map.of())) {
      assertThatThrownBy(() -> PerfEvent.tracepoint(p, Tracefs.open(), "syscalls", "sys_enter_getppid"))
          .hasMessageContaining("cannot attach to a tracepoint (needs a TRACEPOINT program)");
    }
  }

  @Test
  void anUnknownTracepointIsNamed() {
    assertThatThrownBy(() -> Tracefs.open().eventId("syscalls", "sys_enter_nothing"))
        .hasMessageStartingWith("no tracepoint syscalls:sys_enter_nothing in this kernel");
  }

  @Test
  void detachingSeveralAttachmentsInParallelStopsThemAll() {
    long pid = ProcessHandle.current().pid();
    Tracefs tracefs = Tracefs.open();
    try (var objects = new BpfObjects()) {
      BpfMap counts = objects.createMap(MapSpec.array("counts", 8, 1));
      BpfProgram tp = objects.load(CountingPrograms.tracepointCounter("counts", pid));
      BpfProgram raw =
          objects.load(CountingPrograms.rawSyscallCounter("counts", pid, io.jstap.bpf.sys.Syscall.getppidNumber()));
      objects.own(PerfEvent.tracepoint(tp, tracefs, "syscalls", "sys_enter_getppid"));
      objects.own(PerfEvent.tracepoint(tp, tracefs, "syscalls", "sys_exit_getppid"));
      objects.own(Link.rawTracepoint(raw, "sys_enter"));
      for (int i = 0; i < 100; i++) io.jstap.bpf.sys.Syscall.getppid();
      assertThat(counts.readLong(0)).isEqualTo(300);
      objects.detachAll();
      assertThat(objects.attachments()).isEmpty();
      for (int i = 0; i < 100; i++) io.jstap.bpf.sys.Syscall.getppid();
      assertThat(counts.readLong(0)).isEqualTo(300);
    }
  }
}

package io.jstap.bpf;

import static io.jstap.bpf.Reg.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.bpf.sys.Syscall;
import io.jstap.kernel.Tracefs;
import io.jstap.testing.FdLeakCheck;
import io.jstap.testing.FeatureAssumptions;
import io.jstap.testing.KernelTest;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@KernelTest
@ExtendWith(FdLeakCheck.class)
class RingBufferKernelTest {
  static final long PID = ProcessHandle.current().pid();
  static final long MAGIC = 0x6a73746170L; // "jstap"

  @BeforeEach
  void needsRingBuffers() {
    FeatureAssumptions.assumeFeature(Feature.RING_BUFFER);
  }

  /**
   * On each getppid of this process: seq = counter++ (atomic fetch-add), then writes the 16-byte
   * record {seq, MAGIC} from the stack, counting a loss when the ring is full.
   */
  static ProgramSpec sequenceWriter() {
    var asm = new Assembler();
    Label out = new Label("out");
    CountingPrograms.emitFilterTgid(asm, PID, out);
    Label have = new Label("have_counter");
    asm.emit(
        StoreImm.of(Size.W, R10, -4, 0),
        Alu.mov(R2, R10),
        Alu.add(R2, -4),
        LoadImm64.map(R1, "seq"),
        Call.helper(Helpers.MAP_LOOKUP_ELEM),
        Jump.ifNotEqual(R0, 0, have),
        Alu.mov(R0, 0),
        Exit.exit());
    asm.bind(have)
        .emit(
            Alu.mov(R1, 1),
            new Atomic(Size.DW, AtomicOp.FETCH_ADD, R0, 0, R1),
            Store.u64(R10, -24, R1),
            LoadImm64.constant(R1, MAGIC),
            Store.u64(R10, -16, R1),
            Alu.mov(R6, R10),
            Alu.add(R6, -24));
    RingBufferOutput.emitOutput(asm, "events", "lost", R6, 16, -4);
    asm.bind(out).emit(Alu.mov(R0, 0), Exit.exit());
    return ProgramSpec.of("seq_writer", ProgramType.TRACEPOINT, asm.assemble());
  }

  record Run(List<Long> sequence, long lost) {}

  static Run run(int ringBytes, int calls, boolean drainWhileCalling) {
    try (var objects = new BpfObjects()) {
      objects.createMap(MapSpec.array("seq", 8, 1));
      BpfMap ring = objects.createMap(MapSpec.ringBuffer("events", ringBytes));
      BpfMap lost = objects.createMap(RingBufferOutput.lostCounterSpec("lost"));
      RingBufferReader reader = objects.own(RingBufferReader.open(ring, lost));
      BpfProgram p = objects.load(sequenceWriter());
      objects.own(PerfEvent.tracepoint(p, Tracefs.open(), "syscalls", "sys_enter_getppid"));
      var seen = new ArrayList<Long>();
      RingBufferReader.RecordConsumer consumer =
          r -> {
            assertThat(r.byteSize()).isEqualTo(16);
            assertThat(r.get(ValueLayout.JAVA_LONG_UNALIGNED, 8)).isEqualTo(MAGIC);
            seen.add(r.get(ValueLayout.JAVA_LONG_UNALIGNED, 0));
          };
      for (int i = 0; i < calls; i++) {
        Syscall.getppid();
        if (drainWhileCalling && i % 1000 == 0) reader.drain(consumer);
      }
      objects.detachAll();
      while (reader.poll(10, consumer) > 0) {}
      return new Run(seen, reader.lost());
    }
  }

  @Test
  void deliversEveryRecordInOrder() {
    int n = 20_000;
    Run run = run(1 << 16, n, true);
    assertThat(run.lost()).isZero();
    assertThat(run.sequence()).hasSize(n);
    for (int i = 0; i < n; i++) assertThat(run.sequence().get(i)).isEqualTo(i);
  }

  @Test
  void anOverflowedRingCountsExactlyTheRecordsLost() {
    int n = 1000;
    Run run = run(4096, n, false);
    // each record takes 8 bytes of header + 16 of data; a 4096-byte ring holds 170 of them
    assertThat(run.sequence()).hasSize(4096 / 24);
    assertThat(run.lost()).isEqualTo(n - 4096 / 24);
    for (int i = 0; i < run.sequence().size(); i++) assertThat(run.sequence().get(i)).isEqualTo(i);
  }
}

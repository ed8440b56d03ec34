package io.jstap.bpf;

import static io.jstap.bpf.Reg.*;

import io.jstap.bpf.sys.Syscall;
import io.jstap.kernel.Tracefs;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Records per second {@link RingBufferReader#drain} consumes from a full ring: a tracepoint
 * program writes one 16-byte record per getppid of this process; each invocation fills the ring
 * to the last record that fits (setup, not measured) and drains it (measured). Run with
 * bench/run-jmh.sh RingBufferDrain.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, batchSize = 1)
@Measurement(iterations = 10, batchSize = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class RingBufferDrainBenchmark {
  static final int RING = 1 << 22;
  /** 8-byte header + 16 bytes of data per record. */
  static final int RECORDS = RING / 24;

  BpfObjects objects;
  RingBufferReader reader;

  @Setup(Level.Trial)
  public void attach() {
    objects = new BpfObjects();
    BpfMap ring = objects.createMap(MapSpec.ringBuffer("events", RING));
    BpfMap lost = objects.createMap(RingBufferOutput.lostCounterSpec("lost"));
    reader = objects.own(RingBufferReader.open(ring, lost));
    var asm = new Assembler();
    Label out = new Label("out");
    asm.emit(
        Call.helper(Helpers.GET_CURRENT_PID_TGID),
        Alu.rsh(R0, 32),
        LoadImm64.constant(R1, ProcessHandle.current().pid()),
        Jump.ifNotEqual(R0, R1, out),
        Call.helper(Helpers.KTIME_GET_NS),
        Store.u64(R10, -24, R0),
        Store.u64(R10, -16, R0),
        Alu.mov(R6, R10),
        Alu.add(R6, -24));
    RingBufferOutput.emitOutput(asm, "events", "lost", R6, 16, -4);
    asm.bind(out).emit(Alu.mov(R0, 0), Exit.exit());
    BpfProgram p = objects.load(ProgramSpec.of("fill", ProgramType.TRACEPOINT, asm.assemble()));
    objects.own(PerfEvent.tracepoint(p, Tracefs.open(), "syscalls", "sys_enter_getppid"));
  }

  @Setup(Level.Invocation)
  public void fill() {
    for (int i = 0; i < RECORDS; i++) Syscall.getppid();
    if (reader.pending() != (long) RECORDS * 24) throw new IllegalStateException("ring not full: " + reader.pending());
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public int drainFullRing(Blackhole bh) {
    int n = reader.drain(r -> bh.consume(r.get(ValueLayout.JAVA_LONG_UNALIGNED, 0)));
    if (n != RECORDS) throw new IllegalStateException("drained " + n + " of " + RECORDS);
    return n;
  }

  @TearDown(Level.Trial)
  public void close() {
    if (reader.lost() != 0) throw new IllegalStateException(reader.lost() + " records lost");
    objects.close();
  }

}

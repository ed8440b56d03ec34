package io.jstap.bpf;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.bpf.sys.Syscall;
import io.jstap.kernel.Tracefs;
import io.jstap.testing.FdLeakCheck;
import io.jstap.testing.FeatureAssumptions;
import io.jstap.testing.KernelTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@KernelTest
@ExtendWith(FdLeakCheck.class)
class TracepointCountKernelTest {
  static final long PID = ProcessHandle.current().pid();
  static final int N = 1234;

  @Test
  void classicTracepointCountsExactlyTheCallsMade() {
    try (var objects = new BpfObjects()) {
      BpfMap counts = objects.createMap(MapSpec.array("counts", 8, 1));
      BpfProgram p = objects.load(CountingPrograms.tracepointCounter("counts", PID));
      objects.own(PerfEvent.tracepoint(p, Tracefs.open(), "syscalls", "sys_enter_getppid"));
      for (int i = 0; i < N; i++) Syscall.getppid();
      assertThat(counts.readLong(0)).isEqualTo(N);
      objects.detachAll();
      Syscall.getppid();
      assertThat(counts.readLong(0)).as("no hits after detaching").isEqualTo(N);
    }
  }

  @Test
  void rawTracepointCountsExactlyTheCallsMade() {
    FeatureAssumptions.assumeFeature(Feature.RAW_TRACEPOINTS);
    try (var objects = new BpfObjects()) {
      BpfMap counts = objects.createMap(MapSpec.array("counts", 8, 1));
      BpfProgram p = objects.load(CountingPrograms.rawSyscallCounter("counts", PID, Syscall.getppidNumber()));
      objects.own(Link.rawTracepoint(p, "sys_enter"));
      for (int i = 0; i < N; i++) Syscall.getppid();
      assertThat(counts.readLong(0)).isEqualTo(N);
    }
  }

  @Test
  void perCpuCountsMergeOverPossibleCpus() {
    try (var objects = new BpfObjects()) {
      BpfMap counts = objects.createMap(MapSpec.perCpuArray("counts", 8, 1));
      BpfProgram p = objects.load(CountingPrograms.tracepointCounter("counts", PID));
      objects.own(PerfEvent.tracepoint(p, Tracefs.open(), "syscalls", "sys_enter_getppid"));
      // calls from several threads land on whichever CPUs they run on
      Thread[] threads = new Thread[4];
      for (int t = 0; t < threads.length; t++) {
        threads[t] = Thread.ofPlatform().start(() -> { for (int i = 0; i < N; i++) Syscall.getppid(); });
      }
      for (Thread t : threads) t.join();
      assertThat(counts.readLong(0)).isEqualTo(4L * N);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}

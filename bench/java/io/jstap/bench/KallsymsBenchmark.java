package io.jstap.bench;

import io.jstap.kernel.Kallsyms;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loading /proc/kallsyms (the kernel's own formatting of ~120,000 lines is part of it) and
 * looking addresses and names up. Needs root, else the addresses are hidden.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class KallsymsBenchmark {
  private Kallsyms kallsyms;
  private long[] probes;
  private int next;

  @Setup(Level.Trial)
  public void load() throws IOException {
    kallsyms = Kallsyms.load();
    probes = new long[1024];
    for (int i = 0; i < probes.length; i++) {
      var s = kallsyms.symbol((int) ((long) i * kallsyms.size() / probes.length));
      probes[i] = s.address() + (i % 64);
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Kallsyms loadProcKallsyms() throws IOException {
    return Kallsyms.load();
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public Object addressToSymbolOffset() {
    next = (next + 1) & (probes.length - 1);
    return kallsyms.resolve(probes[next]);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public Object symbolToAddress() {
    return kallsyms.address("udp_queue_rcv_one_skb");
  }
}

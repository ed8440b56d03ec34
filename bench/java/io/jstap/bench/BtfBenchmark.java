package io.jstap.bench;

import io.jstap.kernel.BtfTracepoints;
import io.jstap.kernel.btf.Btf;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Reading /sys/kernel/btf/vmlinux and the first lookups a script makes. */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BtfBenchmark {
  @Benchmark
  public Btf readVmlinux() throws IOException {
    return Btf.vmlinux();
  }

  /** Read, index the data types, find struct sk_buff and a member. */
  @Benchmark
  public Object readAndFindStructMember() throws IOException {
    Btf btf = Btf.vmlinux();
    int skb = btf.struct("sk_buff").orElseThrow().id();
    return btf.field(skb, "len");
  }

  /** Read, then the arguments of skb:kfree_skb (typedef and function indexes). */
  @Benchmark
  public Object readAndFindTracepointArguments() throws IOException {
    return new BtfTracepoints(Btf.vmlinux()).find("skb", "kfree_skb");
  }
}

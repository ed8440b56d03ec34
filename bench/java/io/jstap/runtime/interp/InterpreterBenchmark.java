package io.jstap.runtime.interp;

import io.jstap.bpf.BpfMap;
import io.jstap.bpf.MapSpec;
import io.jstap.codegen.Limits;
import io.jstap.codegen.StorageLayout;
import io.jstap.runtime.GlobalStore;
import io.jstap.runtime.MapStore;
import io.jstap.runtime.MemoryStore;
import io.jstap.format.OutputBuffer;
import io.jstap.sema.CheckedScript;
import io.jstap.sema.ResolvedProbe;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How fast user-space handlers run: {@code loopIteration} is one iteration of a loop that does
 * arithmetic, an array update and a statistic sample over in-memory globals; {@code timerTick}
 * is one whole run of a small timer-style handler (a global increment, a printf to a discarded
 * stream), over in-memory globals and over BPF maps ({@code timerTickOnMaps}, root only). Run
 * with bench/run-jmh.sh InterpreterBenchmark.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class InterpreterBenchmark {
  static final String LOOP = """
      global a, s
      probe begin { for (i = 0; i < 1000; i++) { a[i % 16] += i * 3; s <<< i } }
      """;
  static final String TICK = """
      global n, last
      probe timer.ms(1) { n++; last = n * 2; if (n % 2) printf("%d %s\\n", n, "tick") }
      """;

  private Runner loop;
  private Runner tick;
  private Runner tickOnMaps;
  private final List<BpfMap> maps = new ArrayList<>();

  record Runner(Interpreter interpreter, ResolvedProbe probe) {
    void run() {
      interpreter.run(probe);
    }
  }

  @Setup
  public void setUp() {
    Limits limits = new Limits(128, 2048, 100_000, 0, 100, 10);
    loop = runner(LOOP, limits, false);
    tick = runner(TICK, limits, false);
    tickOnMaps = runner(TICK, limits, true);
  }

  private Runner runner(String text, Limits limits, boolean onMaps) {
    CheckedScript checked = ScriptRun.check("bench.stp", text);
    StorageLayout layout = StorageLayout.of(checked, limits);
    GlobalStore store;
    if (onMaps) {
      Map<String, BpfMap> byName = new HashMap<>();
      for (MapSpec spec : layout.mapSpecs()) {
        BpfMap m = BpfMap.create(spec);
        maps.add(m);
        byName.put(spec.name(), m);
      }
      store = new MapStore(layout, byName::get);
    } else {
      store = new MemoryStore(layout);
    }
    var out = new OutputBuffer(OutputStream.nullOutputStream());
    var context = new HandlerContext() {
      @Override
      public OutputBuffer output() {
        return out;
      }

      @Override
      public OutputBuffer errors() {
        return out;
      }

      @Override
      public void requestExit() {}

      @Override
      public long targetPid() {
        return 0;
      }

      @Override
      public Limits limits() {
        return limits;
      }

      @Override
      public ScriptClock clock() {
        return ScriptClock.system(4_000_000);
      }
    };
    return new Runner(new Interpreter(checked, store, context), checked.probes().getFirst());
  }

  @TearDown
  public void tearDown() {
    maps.forEach(BpfMap::close);
  }

  @Benchmark
  @OperationsPerInvocation(1000)
  public void loopIteration() {
    loop.run();
  }

  @Benchmark
  public void timerTick() {
    tick.run();
  }

  @Benchmark
  public void timerTickOnMaps() {
    tickOnMaps.run();
  }
}

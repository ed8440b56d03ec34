package io.jstap.bench;

import io.jstap.elf.CodeReferences;
import io.jstap.elf.ElfFile;
import java.io.IOException;
import java.nio.file.Path;
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

/**
 * The ELF work a uprobe on QEMU needs (Debian's qemu-system-x86, 18 MB, stripped): find an
 * exported function's file offset; find the static function that reads a trace-state symbol.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ElfBenchmark {
  private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");

  @Benchmark
  public long exportedFunctionFileOffset() throws IOException {
    ElfFile elf = ElfFile.open(QEMU);
    return elf.fileOffset(elf.symbol("blk_error_action").orElseThrow());
  }

  @Benchmark
  public Object staticFunctionByReference() throws IOException {
    ElfFile elf = ElfFile.open(QEMU);
    var dstate = elf.symbol("_TRACE_VIRTIO_BLK_RW_COMPLETE_DSTATE").orElseThrow();
    return CodeReferences.of(elf).to(dstate).getFirst().function();
  }
}

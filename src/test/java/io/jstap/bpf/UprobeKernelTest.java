package io.jstap.bpf;

import static io.jstap.bpf.Reg.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.testing.CProgram;
import io.jstap.testing.FdLeakCheck;
import io.jstap.testing.FeatureAssumptions;
import io.jstap.testing.KernelTest;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uprobes on a gcc-compiled program. The function's file offset is found here with nm and
 * readelf; jstap itself gets it from its ELF reader.
 */
@KernelTest
@ExtendWith(FdLeakCheck.class)
class UprobeKernelTest {
  // struct pt_regs offsets on x86_64 (arch/x86/include/asm/ptrace.h)
  static final int PT_REGS_AX = 80, PT_REGS_SI = 104, PT_REGS_DI = 112;

  static final String SOURCE =
      """
      #include <stdio.h>
      #include <stdlib.h>
      __attribute__((noinline)) long add(long a, long b) {
        __asm__ volatile("" ::: "memory");
        return a + b;
      }
      int main(int argc, char **argv) {
        long n = atol(argv[1]), s = 0;
        for (long i = 0; i < n; i++) s += add(i, 2 * i);
        printf("%ld\\n", s);
        return 0;
      }
      """;

  @TempDir Path dir;

  /** hits[slot]++ and sums[slot] += *(u64 *)(ctx + regOffset), in one array map "stats". */
  static void emitAccumulate(Assembler asm, int countSlot, int sumSlot, int regOffset) {
    CountingPrograms.emitIncrement(asm, "stats", countSlot);
    Label done = new Label("summed");
    asm.emit(
        StoreImm.of(Size.W, R10, -4, sumSlot),
        Alu.mov(R2, R10),
        Alu.add(R2, -4),
        LoadImm64.map(R1, "stats"),
        Call.helper(Helpers.MAP_LOOKUP_ELEM),
        Jump.ifEqual(R0, 0, done),
        Load.u64(R1, R6, regOffset),
        Atomic.add64(R0, 0, R1));
    asm.bind(done);
  }

  @Test
  void uprobeAndUretprobeSeeEveryCallArgumentsAndReturnValues() throws Exception {
    FeatureAssumptions.assumeFeature(Feature.UPROBES);
    org.junit.jupiter.api.Assumptions.assumeTrue(
        System.getProperty("os.arch").equals("amd64"), "pt_regs offsets here are x86_64's");
    Path bin = CProgram.compile(dir, "adder", SOURCE, "-O1", "-fno-inline");
    long offset = fileOffset(bin, "add");

    var entry = new Assembler().emit(Alu.mov(R6, R1));
    emitAccumulate(entry, 0, 1, PT_REGS_DI);
    emitAccumulate(entry, 0, 2, PT_REGS_SI);
    entry.emit(Alu.mov(R0, 0), Exit.exit());
    var exit = new Assembler().emit(Alu.mov(R6, R1));
    emitAccumulate(exit, 3, 4, PT_REGS_AX);
    exit.emit(Alu.mov(R0, 0), Exit.exit());

    long n = 500;
    try (var objects = new BpfObjects()) {
      BpfMap stats = objects.createMap(MapSpec.array("stats", 8, 5));
      BpfProgram onEntry = objects.load(ProgramSpec.of("add_entry", ProgramType.KPROBE, entry.assemble()));
      BpfProgram onReturn = objects.load(ProgramSpec.of("add_return", ProgramType.KPROBE, exit.assemble()));
      objects.own(PerfEvent.uprobe(onEntry, bin, offset, false, 0));
      objects.own(PerfEvent.uprobe(onReturn, bin, offset, true, 0));
      String out = CProgram.run(bin.toString(), Long.toString(n)).trim();

      long sumA = n * (n - 1) / 2, sumB = n * (n - 1);
      assertThat(out).isEqualTo(Long.toString(sumA + sumB));
      // entry counted twice (once per argument accumulated)
      assertThat(stats.readLong(0)).isEqualTo(2 * n);
      assertThat(stats.readLong(1)).isEqualTo(sumA);
      assertThat(stats.readLong(2)).isEqualTo(sumB);
      assertThat(stats.readLong(3)).isEqualTo(n);
      assertThat(stats.readLong(4)).isEqualTo(sumA + sumB);
    }
  }

  static final String SEMAPHORE_SOURCE =
      """
      #include <stdio.h>
      /* a USDT semaphore: the kernel increments it while a probe with this ref_ctr_offset is attached */
      __attribute__((section(".probes"))) volatile unsigned short marker_semaphore;
      __attribute__((noinline)) void marker(void) { __asm__ volatile(""); }
      int main(void) {
        printf("%u\\n", marker_semaphore);
        if (marker_semaphore) marker();
        return 0;
      }
      """;

  @Test
  void usdtSemaphoreIsRaisedWhileTheProbeIsAttached() throws Exception {
    FeatureAssumptions.assumeFeature(Feature.UPROBES);
    Path bin = CProgram.compile(dir, "marked", SEMAPHORE_SOURCE, "-O1");
    long probe = fileOffset(bin, "marker", "T");
    long semaphore = fileOffset(bin, "marker_semaphore", "[BbDd]");
    assertThat(CProgram.run(bin.toString()).trim()).isEqualTo("0");
    var asm = new Assembler();
    CountingPrograms.emitIncrement(asm, "hits", 0);
    asm.emit(Alu.mov(R0, 0), Exit.exit());
    try (var objects = new BpfObjects()) {
      BpfMap hits = objects.createMap(MapSpec.array("hits", 8, 1));
      BpfProgram p = objects.load(ProgramSpec.of("marker", ProgramType.KPROBE, asm.assemble()));
      objects.own(PerfEvent.uprobe(p, bin, probe, false, semaphore));
      assertThat(CProgram.run(bin.toString()).trim()).isEqualTo("1");
      assertThat(hits.readLong(0)).isEqualTo(1);
    }
    assertThat(CProgram.run(bin.toString()).trim()).as("semaphore after detaching").isEqualTo("0");
  }

  static long fileOffset(Path bin, String function) throws Exception {
    return fileOffset(bin, function, "T");
  }

  /** A function's file offset: its symbol value minus its PT_LOAD segment's vaddr plus the segment's offset. */
  static long fileOffset(Path bin, String function, String symbolType) throws Exception {
    Matcher sym = Pattern.compile("(?m)^([0-9a-f]+) " + symbolType + " " + function + "$").matcher(CProgram.run("nm", bin.toString()));
    if (!sym.find()) throw new AssertionError("no symbol " + function + " in " + bin);
    long vaddr = Long.parseUnsignedLong(sym.group(1), 16);
    Matcher load =
        Pattern.compile("(?m)^\\s*LOAD\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)\\s+0x[0-9a-f]+\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)")
            .matcher(CProgram.run("readelf", "-lW", bin.toString()));
    while (load.find()) {
      long off = Long.parseUnsignedLong(load.group(1), 16), va = Long.parseUnsignedLong(load.group(2), 16);
      long memsz = Long.parseUnsignedLong(load.group(4), 16);
      if (vaddr >= va && vaddr < va + memsz) return vaddr - va + off;
    }
    throw new AssertionError("no PT_LOAD segment holds " + function);
  }
}

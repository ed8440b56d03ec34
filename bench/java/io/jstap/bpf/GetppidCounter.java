package io.jstap.bpf;

import static io.jstap.bpf.Reg.*;

import io.jstap.kernel.Tracefs;
import java.io.IOException;

/**
 * Benchmark driver (bench/getppid-ratio.sh): attaches an in-kernel counter to
 * syscalls:sys_enter_getppid that does what bpftrace's {@code @[pid] = count()} does (a per-CPU
 * hash keyed by pid), prints "attached", waits for standard input to close, then prints the
 * total and detaches.
 */
public final class GetppidCounter {
  public static void main(String[] args) throws IOException {
    try (var objects = new BpfObjects()) {
      BpfMap counts = objects.createMap(MapSpec.perCpuHash("counts", 4, 8, 1024));
      BpfProgram p = objects.load(perPidCounter());
      objects.own(PerfEvent.tracepoint(p, Tracefs.open(), "syscalls", "sys_enter_getppid"));
      System.out.println("attached");
      System.out.flush();
      System.in.transferTo(java.io.OutputStream.nullOutputStream());
      long[] total = {0};
      counts.forEach((k, v) -> total[0] += new PerCpuValues(v, 8, Cpus.possibleCount()).sumLong(0));
      System.out.println("counted " + total[0]);
    }
  }

  /** key = tgid; value = lookup(key) ? *value + 1 : insert 1. */
  static ProgramSpec perPidCounter() {
    var asm = new Assembler();
    Label insert = new Label("insert"), out = new Label("out");
    asm.emit(
        Call.helper(Helpers.GET_CURRENT_PID_TGID),
        Alu.rsh(R0, 32),
        Store.of(Size.W, R10, -4, R0),
        Alu.mov(R2, R10),
        Alu.add(R2, -4),
        LoadImm64.map(R1, "counts"),
        Call.helper(Helpers.MAP_LOOKUP_ELEM),
        Jump.ifEqual(R0, 0, insert),
        Load.u64(R1, R0, 0),
        Alu.add(R1, 1),
        Store.u64(R0, 0, R1),
        Jump.to(out));
    asm.bind(insert)
        .emit(
            StoreImm.of(Size.DW, R10, -16, 1),
            Alu.mov(R2, R10),
            Alu.add(R2, -4),
            Alu.mov(R3, R10),
            Alu.add(R3, -16),
            LoadImm64.map(R1, "counts"),
            Alu.mov(R4, 1), // BPF_NOEXIST
            Call.helper(Helpers.MAP_UPDATE_ELEM));
    asm.bind(out).emit(Alu.mov(R0, 0), Exit.exit());
    return ProgramSpec.of("count_getppid", ProgramType.TRACEPOINT, asm.assemble());
  }
}

package io.jstap.bpf;

import io.jstap.bpf.sys.Bpf;
import io.jstap.bpf.sys.SyscallException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * BPF_OBJ_GET_INFO_BY_FD. struct bpf_prog_info, bpf_map_info and bpf_link_info all start with
 * {@code __u32 type; __u32 id;} (include/uapi/linux/bpf.h); the kernel copies at most the
 * length asked for, so 8 bytes are enough for the id.
 */
final class ObjectInfo {
  private ObjectInfo() {}

  static int id(int fd, String what) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment info = arena.allocate(8, 8);
      Bpf.objGetInfo(fd, info);
      return info.get(ValueLayout.JAVA_INT, 4);
    } catch (SyscallException e) {
      throw BpfException.of(e, "reading the kernel's information on " + what);
    }
  }

  /**
   * struct bpf_prog_info's recursion_misses (Linux 5.12+, byte 208): how often the kernel
   * skipped the program because it was already running on that CPU (kernel/trace/bpf_trace.c,
   * __bpf_trace_run). Older kernels copy a shorter struct and leave it 0.
   */
  static long recursionMisses(int fd, String what) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment info = arena.allocate(RECURSION_MISSES + 8, 8);
      Bpf.objGetInfo(fd, info);
      return info.get(ValueLayout.JAVA_LONG, RECURSION_MISSES);
    } catch (SyscallException e) {
      throw BpfException.of(e, "reading the kernel's information on " + what);
    }
  }

  private static final int RECURSION_MISSES = 208;
}

package io.jstap.bpf.sys;

import java.lang.foreign.MemorySegment;

/** mmap(2)/munmap(2) of shared mappings of a descriptor (ring buffer maps). */
public final class Mmap {
  private Mmap() {}

  // include/uapi/asm-generic/mman-common.h, mman.h
  private static final int PROT_READ = 1;
  private static final int PROT_WRITE = 2;
  private static final int MAP_SHARED = 1;

  /** Maps {@code length} bytes of {@code fd} from {@code offset}, shared, read-only or not. */
  @SuppressWarnings("restricted") // the kernel returned a mapping of exactly `length` bytes
  public static MemorySegment map(String what, int fd, long length, long offset, boolean writable) {
    long address =
        Syscall.call(
            "mmap(" + what + ")",
            Syscall.NR.mmap(),
            0,
            length,
            writable ? PROT_READ | PROT_WRITE : PROT_READ,
            MAP_SHARED,
            fd,
            offset);
    return MemorySegment.ofAddress(address).reinterpret(length);
  }

  public static void unmap(MemorySegment mapping) {
    Syscall.call("munmap", Syscall.NR.munmap(), mapping.address(), mapping.byteSize(), 0);
  }
}

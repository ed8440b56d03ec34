package io.jstap.bpf.sys;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * bpf(2). Field offsets are those of {@code union bpf_attr} in include/uapi/linux/bpf.h; the
 * buffer handed to the kernel is zeroed, because bytes past a command's last field must be zero
 * (EINVAL otherwise) and bytes past the kernel's own struct must be zero (E2BIG otherwise).
 */
public final class Bpf {
  private Bpf() {}

  /** sizeof(union bpf_attr) on Linux 6.18; an older kernel accepts it as long as the tail is 0. */
  static final int ATTR_SIZE = 168;

  // enum bpf_cmd (include/uapi/linux/bpf.h)
  static final int MAP_CREATE = 0;
  static final int MAP_LOOKUP_ELEM = 1;
  static final int MAP_UPDATE_ELEM = 2;
  static final int MAP_DELETE_ELEM = 3;
  static final int MAP_GET_NEXT_KEY = 4;
  static final int PROG_LOAD = 5;
  static final int OBJ_GET_INFO_BY_FD = 15;
  static final int RAW_TRACEPOINT_OPEN = 17;
  static final int MAP_FREEZE = 22;
  static final int MAP_LOOKUP_BATCH = 24;
  static final int LINK_CREATE = 28;

  /** Objects' names: at most 15 characters of [A-Za-z0-9_.] and a NUL (BPF_OBJ_NAME_LEN 16). */
  public static final int OBJ_NAME_LEN = 16;

  private static final ThreadLocal<MemorySegment> ATTR =
      ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(ATTR_SIZE, 8));

  private static MemorySegment attr() {
    MemorySegment a = ATTR.get();
    a.fill((byte) 0);
    return a;
  }

  private static long bpf(int cmd, MemorySegment attr) {
    return Syscall.raw(Syscall.NR.bpf(), cmd, attr.address(), ATTR_SIZE, 0, 0, 0);
  }

  private static void putName(MemorySegment attr, long offset, String name) {
    if (name == null) return;
    byte[] b = name.getBytes(StandardCharsets.US_ASCII);
    int n = Math.min(b.length, OBJ_NAME_LEN - 1);
    MemorySegment.copy(b, 0, attr, JAVA_BYTE, offset, n);
  }

  /** BPF_MAP_CREATE; returns the map's fd. */
  public static int mapCreate(int type, int keySize, int valueSize, int maxEntries, int flags, String name) {
    MemorySegment a = attr();
    a.set(JAVA_INT, 0, type);
    a.set(JAVA_INT, 4, keySize);
    a.set(JAVA_INT, 8, valueSize);
    a.set(JAVA_INT, 12, maxEntries);
    a.set(JAVA_INT, 16, flags);
    putName(a, 28, name);
    long r = bpf(MAP_CREATE, a);
    if (r < 0) throw new SyscallException("bpf(BPF_MAP_CREATE)", (int) -r);
    return FileDescriptors.opened((int) r, "bpf(BPF_MAP_CREATE) " + name);
  }

  /** BPF_MAP_LOOKUP_ELEM; false when the key is absent (ENOENT). */
  public static boolean mapLookup(int fd, MemorySegment key, MemorySegment value) {
    MemorySegment a = attr();
    a.set(JAVA_INT, 0, fd);
    a.set(JAVA_LONG, 8, key.address());
    a.set(JAVA_LONG, 16, value.address());
    long r = bpf(MAP_LOOKUP_ELEM, a);
    if (r == -2) return false;
    if (r < 0) throw new SyscallException("bpf(BPF_MAP_LOOKUP_ELEM)", (int) -r);
    return true;
  }

  /** BPF_MAP_UPDATE_ELEM with BPF_ANY (0), BPF_NOEXIST (1) or BPF_EXIST (2). */
  public static void mapUpdate(int fd, MemorySegment key, MemorySegment value, long flags) {
    MemorySegment a = attr();
    a.set(JAVA_INT, 0, fd);
    a.set(JAVA_LONG, 8, key.address());
    a.set(JAVA_LONG, 16, value.address());
    a.set(JAVA_LONG, 24, flags);
    long r = bpf(MAP_UPDATE_ELEM, a);
    if (r < 0) throw new SyscallException("bpf(BPF_MAP_UPDATE_ELEM)", (int) -r);
  }

  /** BPF_MAP_FREEZE (Linux 5.2): no more writes from user space. */
  public static void mapFreeze(int fd) {
    MemorySegment a = attr();
    a.set(JAVA_INT, 0, fd);
    long r = bpf(MAP_FREEZE, a);
    if (r < 0) throw new SyscallException("bpf(BPF_MAP_FREEZE)", (int) -r);
  }

  /** BPF_MAP_DELETE_ELEM; false when the key was absent. */
  public static boolean mapDelete(int fd, MemorySegment key) {
    MemorySegment a = attr();
    a.set(JAVA_INT, 0, fd);
    a.set(JAVA_LONG, 8, key.address());
    long r = bpf(MAP_DELETE_ELEM, a);
    if (r == -2) return false;
    if (r < 0) throw new SyscallException("bpf(BPF_MAP_DELETE_ELEM)", (int) -r);
    return true;
  }

  /**
   * BPF_MAP_GET_NEXT_KEY; {@code key} null (or {@link MemorySegment#NULL}) asks for the first
   * key. False at the end.
   */
  public static boolean mapNextKey(int fd, MemorySegment key, MemorySegment next) {
    MemorySegment a = attr();
    a.set(JAVA_INT, 0, fd);
    a.set(JAVA_LONG, 8, key == null ? 0 : key.address());
    a.set(JAVA_LONG, 16, next.address());
    long r = bpf(MAP_GET_NEXT_KEY, a);
    if (r == -2) return false;
    if (r < 0) throw new SyscallException("bpf(BPF_MAP_GET_NEXT_KEY)", (int) -r);
    return true;
  }

  /** What one BPF_MAP_LOOKUP_BATCH call copied, and whether the map has nothing after it. */
  public record Batch(int count, boolean last) {}

  /**
   * BPF_MAP_LOOKUP_BATCH: copies up to {@code count} entries into {@code keys} and {@code
   * values}, continuing after the opaque token in {@code inBatch} (null for the start) and
   * leaving the next token in {@code outBatch} (key-sized). ENOENT means "no more entries", with
   * the count of those copied still valid.
   */
  public static Batch mapLookupBatch(
      int fd, MemorySegment inBatch, MemorySegment outBatch, MemorySegment keys, MemorySegment values, int count) {
    MemorySegment a = attr();
    a.set(JAVA_LONG, 0, inBatch == null ? 0 : inBatch.address());
    a.set(JAVA_LONG, 8, outBatch.address());
    a.set(JAVA_LONG, 16, keys.address());
    a.set(JAVA_LONG, 24, values.address());
    a.set(JAVA_INT, 32, count);
    a.set(JAVA_INT, 36, fd);
    long r = bpf(MAP_LOOKUP_BATCH, a);
    int copied = a.get(JAVA_INT, 32);
    if (r == -2) return new Batch(copied, true);
    if (r < 0) throw new SyscallException("bpf(BPF_MAP_LOOKUP_BATCH)", (int) -r);
    return new Batch(copied, false);
  }

  /**
   * BPF_PROG_LOAD; returns the program fd, or {@code -errno} (the caller reloads with a log to
   * explain a rejection).
   */
  public static long progLoad(
      int type,
      MemorySegment insns,
      int insnCount,
      String license,
      String name,
      int expectedAttachType,
      int attachBtfId,
      int flags,
      int logLevel,
      MemorySegment logBuf) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment lic = arena.allocateFrom(license);
      MemorySegment a = attr();
      a.set(JAVA_INT, 0, type);
      a.set(JAVA_INT, 4, insnCount);
      a.set(JAVA_LONG, 8, insns.address());
      a.set(JAVA_LONG, 16, lic.address());
      if (logBuf != null) {
        a.set(JAVA_INT, 24, logLevel);
        a.set(JAVA_INT, 28, (int) Math.min(logBuf.byteSize(), 0x3fff_ffffL));
        a.set(JAVA_LONG, 32, logBuf.address());
      }
      a.set(JAVA_INT, 44, flags); // prog_flags
      putName(a, 48, name);
      a.set(JAVA_INT, 68, expectedAttachType);
      a.set(JAVA_INT, 108, attachBtfId);
      long r = bpf(PROG_LOAD, a);
      if (r >= 0) FileDescriptors.opened((int) r, "bpf(BPF_PROG_LOAD) " + name);
      return r;
    }
  }

  /** BPF_RAW_TRACEPOINT_OPEN; returns the link-like fd that keeps the program attached. */
  public static int rawTracepointOpen(String tracepoint, int progFd) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment a = attr();
      a.set(JAVA_LONG, 0, tracepoint == null ? 0 : arena.allocateFrom(tracepoint).address());
      a.set(JAVA_INT, 8, progFd);
      long r = bpf(RAW_TRACEPOINT_OPEN, a);
      if (r < 0) throw new SyscallException("bpf(BPF_RAW_TRACEPOINT_OPEN)", (int) -r);
      return FileDescriptors.opened((int) r, "bpf(BPF_RAW_TRACEPOINT_OPEN) " + tracepoint);
    }
  }

  /** BPF_LINK_CREATE; returns the link fd or {@code -errno}. */
  public static long linkCreate(int progFd, int targetFd, int attachType, int flags) {
    MemorySegment a = attr();
    a.set(JAVA_INT, 0, progFd);
    a.set(JAVA_INT, 4, targetFd);
    a.set(JAVA_INT, 8, attachType);
    a.set(JAVA_INT, 12, flags);
    long r = bpf(LINK_CREATE, a);
    if (r >= 0) FileDescriptors.opened((int) r, "bpf(BPF_LINK_CREATE)");
    return r;
  }

  /** BPF_OBJ_GET_INFO_BY_FD into {@code info} (a bpf_map_info, bpf_prog_info, ...). */
  public static void objGetInfo(int fd, MemorySegment info) {
    MemorySegment a = attr();
    a.set(JAVA_INT, 0, fd);
    a.set(JAVA_INT, 4, (int) info.byteSize());
    a.set(JAVA_LONG, 8, info.address());
    long r = bpf(OBJ_GET_INFO_BY_FD, a);
    if (r < 0) throw new SyscallException("bpf(BPF_OBJ_GET_INFO_BY_FD)", (int) -r);
  }
}

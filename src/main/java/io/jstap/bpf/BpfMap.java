package io.jstap.bpf;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.jstap.bpf.sys.Bpf;
import io.jstap.bpf.sys.Syscall;
import io.jstap.bpf.sys.SyscallException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * A live BPF map. Keys and values are passed as native memory segments of the map's key size
 * and {@link #valueBufferSize()} (for per-CPU maps: one 8-byte-aligned value per possible CPU).
 * Closing releases the descriptor; the kernel frees the map once no program uses it either.
 */
public final class BpfMap implements AutoCloseable {
  /** BPF_ANY, BPF_NOEXIST, BPF_EXIST (include/uapi/linux/bpf.h). */
  public enum Update { ANY, NO_EXIST, EXIST }

  private final MapSpec spec;
  private final int fd;
  private final int cpus;
  private volatile boolean closed;

  private BpfMap(MapSpec spec, int fd) {
    this.spec = spec;
    this.fd = fd;
    this.cpus = spec.type().perCpu() ? Cpus.possibleCount() : 1;
  }

  /** Creates the map in the kernel. */
  public static BpfMap create(MapSpec spec) {
    try {
      return new BpfMap(
          spec,
          Bpf.mapCreate(spec.type().id(), spec.keySize(), spec.valueSize(), spec.maxEntries(), spec.flags(), spec.name()));
    } catch (SyscallException e) {
      throw BpfException.of(e, "creating " + spec.type().name().toLowerCase() + " map '" + spec.name() + "'");
    }
  }

  public MapSpec spec() {
    return spec;
  }

  public String name() {
    return spec.name();
  }

  public int fd() {
    checkOpen();
    return fd;
  }

  /** The kernel's id for the map (struct bpf_map_info's id), read with BPF_OBJ_GET_INFO_BY_FD. */
  public int kernelId() {
    return ObjectInfo.id(fd(), "map '" + spec.name() + "'");
  }

  /** Bytes a value buffer must have: value size, or per-CPU the padded values of all possible CPUs. */
  public long valueBufferSize() {
    return spec.type().perCpu() ? PerCpuValues.stride(spec.valueSize()) * cpus : spec.valueSize();
  }

  /** Copies the value of {@code key} into {@code value}; false when there is none. */
  public boolean lookup(MemorySegment key, MemorySegment value) {
    checkOpen();
    checkSizes(key, value);
    try {
      return Bpf.mapLookup(fd, key, value);
    } catch (SyscallException e) {
      throw BpfException.of(e, "reading map '" + spec.name() + "'");
    }
  }

  public void update(MemorySegment key, MemorySegment value) {
    update(key, value, Update.ANY);
  }

  public void update(MemorySegment key, MemorySegment value, Update mode) {
    checkOpen();
    checkSizes(key, value);
    try {
      Bpf.mapUpdate(fd, key, value, mode.ordinal());
    } catch (SyscallException e) {
      throw BpfException.of(e, "writing map '" + spec.name() + "'");
    }
  }

  /** Deletes {@code key}; false when it was absent. */
  /**
   * Makes the map read-only for user space; with {@link MapSpec#READ_ONLY_FOR_PROGRAMS} it is
   * then constant, which bpf_snprintf and bpf_strncmp require of their format and string.
   */
  public void freeze() {
    Bpf.mapFreeze(fd());
  }

  public boolean delete(MemorySegment key) {
    checkOpen();
    try {
      return Bpf.mapDelete(fd, key);
    } catch (SyscallException e) {
      throw BpfException.of(e, "deleting from map '" + spec.name() + "'");
    }
  }

  /** Writes the key after {@code key} (the first key when null) into {@code next}; false at the end. */
  public boolean nextKey(MemorySegment key, MemorySegment next) {
    checkOpen();
    try {
      return Bpf.mapNextKey(fd, key, next);
    } catch (SyscallException e) {
      throw BpfException.of(e, "iterating map '" + spec.name() + "'");
    }
  }

  /**
   * All keys present now, copied into {@code arena}. Keys deleted concurrently may make the
   * kernel restart from the first key (BPF_MAP_GET_NEXT_KEY of a missing key), so a key seen
   * twice ends the walk rather than looping.
   */
  public List<MemorySegment> keys(Arena arena) {
    var out = new ArrayList<MemorySegment>();
    var seen = new java.util.HashSet<java.nio.ByteBuffer>();
    MemorySegment prev = null;
    while (true) {
      MemorySegment next = arena.allocate(spec.keySize(), 8);
      if (!nextKey(prev, next)) break;
      if (!seen.add(java.nio.ByteBuffer.wrap(next.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)))) break;
      out.add(next);
      prev = next;
    }
    return out;
  }

  /** Receives one entry of {@link #forEach}; the segments are valid during the call only. */
  @FunctionalInterface
  public interface EntryConsumer {
    void accept(MemorySegment key, MemorySegment value);
  }

  /**
   * Every entry, read in batches of up to 256 (BPF_MAP_LOOKUP_BATCH, Linux 5.6) or key by key
   * where the kernel or map type has no batch lookup.
   */
  public void forEach(EntryConsumer consumer) {
    checkOpen();
    try (Arena arena = Arena.ofConfined()) {
      if (!batchUnsupported && forEachBatch(arena, consumer)) return;
      MemorySegment value = arena.allocate(valueBufferSize(), 8);
      for (MemorySegment key : keys(arena)) {
        if (lookup(key, value)) consumer.accept(key, value);
      }
    }
  }

  private static volatile boolean batchUnsupported;

  private boolean forEachBatch(Arena arena, EntryConsumer consumer) {
    int n = 256;
    long valueSize = valueBufferSize();
    MemorySegment keys = arena.allocate((long) spec.keySize() * n, 8);
    MemorySegment values = arena.allocate(valueSize * n, 8);
    // the batch token is a key for hash maps and a u32 index for arrays
    MemorySegment in = arena.allocate(Math.max(spec.keySize(), 8), 8);
    MemorySegment out = arena.allocate(Math.max(spec.keySize(), 8), 8);
    boolean first = true;
    while (true) {
      Bpf.Batch batch;
      try {
        batch = Bpf.mapLookupBatch(fd, first ? null : in, out, keys, values, n);
      } catch (SyscallException e) {
        if (first && (e.errno() == 22 || e.errno() == 524 || e.errno() == 95)) {
          if (e.errno() != 22) batchUnsupported = true;
          return false; // EINVAL (map type), ENOTSUPP/EOPNOTSUPP (kernel): fall back to key by key
        }
        throw BpfException.of(e, "reading map '" + spec.name() + "'");
      }
      for (int i = 0; i < batch.count(); i++) {
        consumer.accept(
            keys.asSlice((long) i * spec.keySize(), spec.keySize()), values.asSlice(i * valueSize, valueSize));
      }
      if (batch.last()) return true;
      MemorySegment.copy(out, 0, in, 0, in.byteSize());
      first = false;
    }
  }

  // conveniences for arrays and u32 keys

  /** The u64 at the start of element {@code index}'s value, summed over CPUs for per-CPU maps; 0 if absent. */
  public long readLong(int index) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment key = arena.allocate(JAVA_INT);
      key.set(JAVA_INT, 0, index);
      MemorySegment value = arena.allocate(valueBufferSize(), 8);
      if (!lookup(key, value)) return 0;
      return spec.type().perCpu() ? new PerCpuValues(value, spec.valueSize(), cpus).sumLong(0) : value.get(JAVA_LONG, 0);
    }
  }

  /** Per-CPU values of {@code key}, copied into {@code arena}, or null when absent. */
  public PerCpuValues lookupPerCpu(MemorySegment key, Arena arena) {
    if (!spec.type().perCpu()) throw new IllegalStateException("map '" + spec.name() + "' is not per-CPU");
    MemorySegment value = arena.allocate(valueBufferSize(), 8);
    return lookup(key, value) ? new PerCpuValues(value, spec.valueSize(), cpus) : null;
  }

  /** Sets the u64 at the start of element {@code index}'s value (on every CPU for per-CPU maps). */
  public void writeLong(int index, long v) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment key = arena.allocate(JAVA_INT);
      key.set(JAVA_INT, 0, index);
      MemorySegment value = arena.allocate(valueBufferSize(), 8);
      for (int c = 0; c < cpus; c++) value.set(JAVA_LONG, c * PerCpuValues.stride(spec.valueSize()), v);
      update(key, value);
    }
  }

  private void checkSizes(MemorySegment key, MemorySegment value) {
    if (key.byteSize() < spec.keySize() || value.byteSize() < valueBufferSize()) {
      throw new IllegalArgumentException(
          "map '" + spec.name() + "' needs a " + spec.keySize() + "-byte key and a " + valueBufferSize()
              + "-byte value buffer, got " + key.byteSize() + " and " + value.byteSize());
    }
    if (!key.isNative() || !value.isNative()) throw new IllegalArgumentException("keys and values must be native memory");
  }

  private void checkOpen() {
    if (closed) throw new IllegalStateException("map '" + spec.name() + "' is closed");
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    Syscall.close(fd);
  }

  @Override
  public String toString() {
    return "map '" + spec.name() + "' (" + spec.type() + ", fd " + fd + ")";
  }
}

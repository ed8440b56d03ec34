package io.jstap.bpf;

import java.util.regex.Pattern;

/** What a map is, without a kernel object: the arguments of BPF_MAP_CREATE. */
public record MapSpec(String name, MapType type, int keySize, int valueSize, int maxEntries, int flags) {
  /** BPF_OBJ_NAME_LEN is 16 with the NUL; the kernel accepts only these characters (EINVAL). */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.]{1,15}");

  /** The page size ring buffers are multiples of (4096 on x86_64 and default arm64 kernels). */
  public static final int PAGE_SIZE = 4096;
  /** BPF_F_RDONLY_PROG (include/uapi/linux/bpf.h): programs may only read the map. */
  public static final int READ_ONLY_FOR_PROGRAMS = 1 << 7;

  public MapSpec {
    checkName("map", name);
    if (type == MapType.RINGBUF) {
      if (keySize != 0 || valueSize != 0) {
        throw new IllegalArgumentException("ring buffer '" + name + "' has no keys or values (sizes must be 0)");
      }
      if (maxEntries < PAGE_SIZE || Integer.bitCount(maxEntries) != 1) {
        throw new IllegalArgumentException(
            "ring buffer '" + name + "' size " + maxEntries + " must be a power of two and at least " + PAGE_SIZE);
      }
    } else {
      if (type.array() && keySize != 4) {
        throw new IllegalArgumentException("array map '" + name + "' has 4-byte keys, not " + keySize);
      }
      if (keySize <= 0 || valueSize <= 0 || maxEntries <= 0) {
        throw new IllegalArgumentException(
            "map '" + name + "' needs positive key size, value size and entries (got "
                + keySize + ", " + valueSize + ", " + maxEntries + ")");
      }
    }
  }

  static void checkName(String what, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          what + " name '" + name + "' must be 1-15 characters of A-Z, a-z, 0-9, _ and .");
    }
  }

  public static MapSpec array(String name, int valueSize, int entries) {
    return new MapSpec(name, MapType.ARRAY, 4, valueSize, entries, 0);
  }

  public static MapSpec perCpuArray(String name, int valueSize, int entries) {
    return new MapSpec(name, MapType.PERCPU_ARRAY, 4, valueSize, entries, 0);
  }

  public static MapSpec hash(String name, int keySize, int valueSize, int entries) {
    return new MapSpec(name, MapType.HASH, keySize, valueSize, entries, 0);
  }

  public static MapSpec perCpuHash(String name, int keySize, int valueSize, int entries) {
    return new MapSpec(name, MapType.PERCPU_HASH, keySize, valueSize, entries, 0);
  }

  /** A ring buffer of {@code bytes} bytes of data area (a power of two, at least a page). */
  public static MapSpec ringBuffer(String name, int bytes) {
    return new MapSpec(name, MapType.RINGBUF, 0, 0, bytes, 0);
  }
}

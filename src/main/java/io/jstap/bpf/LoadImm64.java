package io.jstap.bpf;

/**
 * {@code dst = 64-bit value} (BPF_LD | BPF_IMM | BPF_DW, two slots). The value is a constant,
 * or a map reference: by name as the code generator writes it, by file descriptor once a loader
 * has resolved it (BPF_PSEUDO_MAP_FD gives the map itself, BPF_PSEUDO_MAP_VALUE a pointer into
 * an array map's first value, include/uapi/linux/bpf.h).
 */
public record LoadImm64(Reg dst, Value value) implements Instruction {
  public LoadImm64 {
    Instruction.writable(dst);
  }

  /** What is loaded. */
  public sealed interface Value {}

  public record Constant(long value) implements Value {}

  /** The map the loader will create under this name. */
  public record MapByName(String map) implements Value {}

  /** Address of byte {@code offset} of element 0 of the named array map. */
  public record MapValueByName(String map, int offset) implements Value {
    public MapValueByName {
      if (offset < 0) throw new IllegalArgumentException("negative map value offset " + offset);
    }
  }

  public record MapFd(int fd) implements Value {}

  public record MapValueFd(int fd, int offset) implements Value {}

  public static LoadImm64 constant(Reg dst, long value) {
    return new LoadImm64(dst, new Constant(value));
  }

  public static LoadImm64 map(Reg dst, String map) {
    return new LoadImm64(dst, new MapByName(map));
  }

  public static LoadImm64 mapValue(Reg dst, String map, int offset) {
    return new LoadImm64(dst, new MapValueByName(map, offset));
  }
}

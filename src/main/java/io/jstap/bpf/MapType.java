package io.jstap.bpf;

/** Map types jstap uses (enum bpf_map_type, include/uapi/linux/bpf.h). */
public enum MapType {
  HASH(1),
  ARRAY(2),
  PERF_EVENT_ARRAY(4),
  PERCPU_HASH(5),
  PERCPU_ARRAY(6),
  STACK_TRACE(7),
  LRU_HASH(9),
  LRU_PERCPU_HASH(10),
  RINGBUF(27);

  private final int id;

  MapType(int id) {
    this.id = id;
  }

  public int id() {
    return id;
  }

  /** Whether a lookup from user space returns one value per possible CPU. */
  public boolean perCpu() {
    return this == PERCPU_HASH || this == PERCPU_ARRAY || this == LRU_PERCPU_HASH;
  }

  /** Whether the map is an array (keys are u32 indexes, all present, none deletable). */
  public boolean array() {
    return this == ARRAY || this == PERCPU_ARRAY;
  }
}

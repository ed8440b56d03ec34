package io.jstap.bpf;

/**
 * How programs write records to a ring buffer without ever losing one silently: the kernel
 * cannot tell user space that bpf_ringbuf_output or bpf_ringbuf_reserve failed (ring full), so
 * the program counts each failure in a one-element per-CPU u64 array that {@link
 * RingBufferReader#lost()} sums.
 */
public final class RingBufferOutput {
  private RingBufferOutput() {}

  /** BPF_RB_NO_WAKEUP (include/uapi/linux/bpf.h): no wake-up per record; the reader polls. */
  public static final int NO_WAKEUP = 1;
  /** BPF_RB_FORCE_WAKEUP. */
  public static final int FORCE_WAKEUP = 2;

  /** The loss counter: a per-CPU array of one u64. */
  public static MapSpec lostCounterSpec(String name) {
    return MapSpec.perCpuArray(name, 8, 1);
  }

  /**
   * Emits {@code bpf_ringbuf_output(ring, data, size, BPF_RB_NO_WAKEUP)} and, when it fails,
   * increments the loss counter. {@code data} holds a pointer to {@code size} bytes (usually on
   * the stack); {@code keySlot} is a free 4-byte stack slot (an offset from r10, e.g. -4) for the
   * counter's key. Clobbers r0-r5. Binds an internal label, so an instruction must follow.
   */
  public static void emitOutput(Assembler asm, String ringMap, String lostMap, Reg data, int size, int keySlot) {
    if (size <= 0) throw new IllegalArgumentException("record size " + size);
    asm.emit(
        Alu.mov(Reg.R2, data),
        LoadImm64.map(Reg.R1, ringMap),
        Alu.mov(Reg.R3, size),
        Alu.mov(Reg.R4, NO_WAKEUP),
        Call.helper(Helpers.RINGBUF_OUTPUT));
    Label written = new Label("ringbuf_written");
    asm.emit(Jump.ifEqual(Reg.R0, 0, written));
    emitCountLoss(asm, lostMap, keySlot);
    asm.bind(written);
  }

  /**
   * Emits "increment the loss counter", e.g. after bpf_ringbuf_reserve returned NULL. Clobbers
   * r0-r5; binds an internal label, so an instruction must follow.
   */
  public static void emitCountLoss(Assembler asm, String lostMap, int keySlot) {
    Label done = new Label("loss_counted");
    asm.emit(
        StoreImm.of(Size.W, Reg.R10, keySlot, 0),
        Alu.mov(Reg.R2, Reg.R10),
        Alu.add(Reg.R2, keySlot),
        LoadImm64.map(Reg.R1, lostMap),
        Call.helper(Helpers.MAP_LOOKUP_ELEM),
        Jump.ifEqual(Reg.R0, 0, done),
        Alu.mov(Reg.R1, 1),
        Atomic.add64(Reg.R0, 0, Reg.R1));
    asm.bind(done);
  }
}

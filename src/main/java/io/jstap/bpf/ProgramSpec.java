package io.jstap.bpf;

/**
 * What a program is, without a kernel object: the arguments of BPF_PROG_LOAD. {@code
 * expectedAttachType} may be null (none); {@code attachBtfId} is the BTF id of the traced
 * function for {@link ProgramType#TRACING} programs, else 0; {@code flags} are BPF_F_* program
 * flags ({@link #SLEEPABLE}).
 */
public record ProgramSpec(
    String name,
    ProgramType type,
    AssembledProgram code,
    String license,
    AttachType expectedAttachType,
    int attachBtfId,
    int flags) {

  /**
   * BPF_F_SLEEPABLE (include/uapi/linux/bpf.h): the program may sleep, so it may call
   * bpf_copy_from_user, which faults user pages in. Uprobe programs may be sleepable since
   * Linux 6.0.
   */
  public static final int SLEEPABLE = 1 << 4;

  public ProgramSpec(String name, ProgramType type, AssembledProgram code, String license,
      AttachType expectedAttachType, int attachBtfId) {
    this(name, type, code, license, expectedAttachType, attachBtfId, 0);
  }

  /** This program with BPF_F_SLEEPABLE. */
  public ProgramSpec sleepable() {
    return new ProgramSpec(name, type, code, license, expectedAttachType, attachBtfId,
        flags | SLEEPABLE);
  }

  public boolean isSleepable() {
    return (flags & SLEEPABLE) != 0;
  }

  public ProgramSpec {
    MapSpec.checkName("program", name);
    if (code.instructions().isEmpty()) throw new IllegalArgumentException("program '" + name + "' is empty");
    if (type == ProgramType.TRACING && attachBtfId <= 0) {
      throw new IllegalArgumentException("tracing program '" + name + "' needs the BTF id of its target");
    }
  }

  /** A GPL program (tracing helpers such as bpf_probe_read_kernel require a GPL licence). */
  public static ProgramSpec of(String name, ProgramType type, AssembledProgram code) {
    return new ProgramSpec(name, type, code, "GPL", null, 0);
  }
}

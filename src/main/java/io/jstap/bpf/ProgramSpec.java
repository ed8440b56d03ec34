package io.jstap.bpf;

/**
 * What a program is, without a kernel object: the arguments of BPF_PROG_LOAD. {@code
 * expectedAttachType} may be null (none); {@code attachBtfId} is the BTF id of the traced
 * function for {@link ProgramType#TRACING} programs, else 0.
 */
public record ProgramSpec(
    String name,
    ProgramType type,
    AssembledProgram code,
    String license,
    AttachType expectedAttachType,
    int attachBtfId) {

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

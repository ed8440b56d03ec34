package io.jstap.bpf;

/**
 * The kernel refused a program. Carries the verifier's whole log, the kernel instruction index
 * it complains about (-1 when the log names none) and that instruction's source position, so the
 * compiler can point at the script line.
 */
public final class VerifierException extends BpfException {
  private static final long serialVersionUID = 1L;
  private final String program;
  private final String log;
  private final String reason;
  private final int instructionIndex;
  private final transient Object position;

  VerifierException(
      String message, int errno, String errnoName, String program, String log, String reason, int index, Object position) {
    super(message, errno, errnoName, null);
    this.program = program;
    this.log = log;
    this.reason = reason;
    this.instructionIndex = index;
    this.position = position;
  }

  public String program() {
    return program;
  }

  /** The verifier's log (log_level 1), possibly only its tail for very long logs. */
  public String log() {
    return log;
  }

  /** The verifier's complaint: the last line of the log before its statistics. */
  public String reason() {
    return reason;
  }

  /** Kernel instruction index (slot) of the rejected instruction, or -1. */
  public int instructionIndex() {
    return instructionIndex;
  }

  /** The source position given to that instruction when it was assembled, or null. */
  public Object position() {
    return position;
  }
}

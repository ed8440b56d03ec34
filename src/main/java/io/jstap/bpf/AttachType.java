package io.jstap.bpf;

/** Attach types jstap uses (enum bpf_attach_type, include/uapi/linux/bpf.h). */
public enum AttachType {
  TRACE_RAW_TP(23),
  TRACE_FENTRY(24),
  TRACE_FEXIT(25),
  PERF_EVENT(41);

  private final int id;

  AttachType(int id) {
    this.id = id;
  }

  public int id() {
    return id;
  }
}

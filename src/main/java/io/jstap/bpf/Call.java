package io.jstap.bpf;

/** Calls a kernel helper by number (enum bpf_func_id); arguments in r1-r5, result in r0. */
public record Call(int helper) implements Instruction {
  public Call {
    if (helper < 0) throw new IllegalArgumentException("helper number " + helper);
  }

  public static Call helper(int id) {
    return new Call(id);
  }

  /** The helper's kernel name, e.g. {@code bpf_map_lookup_elem}, or "unknown". */
  public String helperName() {
    return Helpers.name(helper);
  }
}

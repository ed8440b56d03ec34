package io.jstap.codegen;

import java.util.List;

/**
 * How a kernel-context probe reads its context: target variables ({@code $name}), and the
 * register-based functions of user-space probes ({@code int_arg(n)}, {@code returnval()},
 * {@code register("rdi")}). One implementation per kind of probe; the program's context
 * pointer is in {@link HandlerCompiler#CTX} for its whole life.
 */
interface ContextAccess {

  /** What a target variable is: a value, or a typed pointer/aggregate that members can follow. */
  record Variable(String name, CType type) {}

  /** The variables {@code $$parms} lists, and {@code @defined} accepts, in order. */
  List<Variable> variables();

  /**
   * Emits code that leaves the variable's value (an integer, widened to 64 bits with its sign,
   * or an address) in r0. The variable is one of {@link #variables()}.
   */
  void load(HandlerCompiler c, Variable v);

  /**
   * Emits code for a register-based function ({@code int_arg}, {@code returnval}, {@code
   * register}...) leaving its value in r0; returns false when this kind of probe has no
   * such function (the caller reports it).
   */
  default boolean loadRegisterFunction(HandlerCompiler c, String function, long argument) {
    return false;
  }

  /** Whether the context is a task's saved registers ({@code register("rax")} reads them). */
  default boolean hasRegisters() {
    return false;
  }

  /**
   * Emits what every run of the program does first, before the probe's conditions: e.g. the
   * system-call filter of {@link Contexts.RawSyscall}. Jumps to {@code skip} to not run.
   */
  default void prologue(HandlerCompiler c, io.jstap.bpf.Label skip) {}

  /** Describes the probe's kind in messages: "tracepoint sched:sched_switch". */
  String describe();
}

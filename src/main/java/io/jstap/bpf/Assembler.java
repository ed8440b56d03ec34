package io.jstap.bpf;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a program from instructions and label bindings, each instruction tagged with the
 * source position current when it was emitted; {@link #assemble} resolves jumps to slot
 * offsets and names any label that was used but never bound.
 */
public final class Assembler {
  private final List<Instruction> instructions = new ArrayList<>();
  private final List<Object> positions = new ArrayList<>();
  /** Label -> index of the instruction that follows its binding. */
  private final Map<Label, Integer> bound = new IdentityHashMap<>();
  private Object position;

  /** Tags the instructions emitted from now on with {@code position} (any object, or null). */
  public Assembler at(Object position) {
    this.position = position;
    return this;
  }

  public Assembler emit(Instruction instruction) {
    instructions.add(instruction);
    positions.add(position);
    return this;
  }

  public Assembler emit(Instruction... instructions) {
    for (Instruction i : instructions) emit(i);
    return this;
  }

  /** Binds {@code label} to the next instruction emitted. */
  public Assembler bind(Label label) {
    if (bound.putIfAbsent(label, instructions.size()) != null) {
      throw new IllegalStateException("label '" + label.name() + "' is bound twice");
    }
    return this;
  }

  /** Instructions emitted so far. */
  public int size() {
    return instructions.size();
  }

  public AssembledProgram assemble() {
    int[] slotOf = new int[instructions.size() + 1];
    for (int i = 0; i < instructions.size(); i++) {
      slotOf[i + 1] = slotOf[i] + instructions.get(i).slots();
    }
    var out = new ArrayList<Instruction>(instructions.size());
    var missing = new ArrayList<String>();
    for (int i = 0; i < instructions.size(); i++) {
      Instruction insn = instructions.get(i);
      int next = slotOf[i + 1];
      out.add(
          switch (insn) {
            case Jump(boolean w, JumpOp op, Reg d, Operand s, Label l) ->
                new Jump(w, op, d, s, resolve(l, next, slotOf, i, missing, false));
            case Goto(Label l) -> new Goto(resolve(l, next, slotOf, i, missing, false));
            case CallLocal(Label l) -> new CallLocal(resolve(l, next, slotOf, i, missing, true));
            default -> insn;
          });
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("unbound label" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing));
    }
    return new AssembledProgram(out, positions);
  }

  /** {@code wide}: a local call, whose offset has 32 bits; jumps have 16. */
  private JumpTarget resolve(Label l, int nextSlot, int[] slotOf, int index, List<String> missing, boolean wide) {
    Integer target = bound.get(l);
    if (target == null) {
      missing.add("'" + l.name() + "' (used by instruction " + index + ")");
      return new JumpTarget.Offset(0);
    }
    int offset = slotOf[target] - nextSlot;
    if (!wide && (offset < Short.MIN_VALUE || offset > Short.MAX_VALUE)) {
      throw new IllegalStateException(
          "jump from instruction " + index + " to '" + l.name() + "' spans " + offset + " slots (at most 32767)");
    }
    return new JumpTarget.Offset(offset);
  }
}

package io.jstap.bpf;

import java.util.ArrayDeque;
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

  /**
   * Resolves the jumps. Instructions no path from the first one reaches (the rest of a block
   * after an unconditional jump, a handler nothing jumps to) are left out: the verifier refuses
   * a program with unreachable instructions ("unreachable insn"), and a code generator is
   * simpler when it need not predict which of its blocks end up dead.
   */
  public AssembledProgram assemble() {
    var unbound = new ArrayList<String>();
    for (int i = 0; i < instructions.size(); i++) {
      Label l = labelOf(instructions.get(i));
      if (l != null && !bound.containsKey(l)) {
        unbound.add("'" + l.name() + "' (used by instruction " + i + ")");
      }
    }
    if (!unbound.isEmpty()) {
      throw new IllegalStateException("unbound label" + (unbound.size() > 1 ? "s " : " ")
          + String.join(", ", unbound));
    }
    boolean[] live = reachable();
    var kept = new ArrayList<Instruction>(instructions.size());
    var keptPositions = new ArrayList<Object>(instructions.size());
    int[] newIndex = new int[instructions.size() + 1];
    for (int i = 0; i < instructions.size(); i++) {
      newIndex[i] = kept.size();
      if (live[i]) {
        kept.add(instructions.get(i));
        keptPositions.add(positions.get(i));
      }
    }
    newIndex[instructions.size()] = kept.size();
    var labels = new IdentityHashMap<Label, Integer>();
    for (var e : bound.entrySet()) labels.put(e.getKey(), newIndex[e.getValue()]);
    return resolve(kept, keptPositions, labels);
  }

  private static Label labelOf(Instruction insn) {
    return switch (insn) {
      case Jump j when j.target() instanceof Label l -> l;
      case Goto g when g.target() instanceof Label l -> l;
      case CallLocal c when c.target() instanceof Label l -> l;
      default -> null;
    };
  }

  /** Which instructions some path from the first one (or a local call) reaches. */
  private boolean[] reachable() {
    int n = instructions.size();
    boolean[] live = new boolean[n];
    var work = new ArrayDeque<Integer>();
    if (n > 0) work.push(0);
    while (!work.isEmpty()) {
      int i = work.pop();
      if (i >= n || live[i]) continue;
      live[i] = true;
      Instruction insn = instructions.get(i);
      Label target = labelOf(insn);
      if (target != null) work.push(bound.get(target));
      boolean fallsThrough = !(insn instanceof Exit) && !(insn instanceof Goto);
      if (fallsThrough) work.push(i + 1);
    }
    return live;
  }

  private static AssembledProgram resolve(List<Instruction> instructions, List<Object> positions,
      Map<Label, Integer> bound) {
    int[] slotOf = new int[instructions.size() + 1];
    for (int i = 0; i < instructions.size(); i++) {
      slotOf[i + 1] = slotOf[i] + instructions.get(i).slots();
    }
    var out = new ArrayList<Instruction>(instructions.size());
    for (int i = 0; i < instructions.size(); i++) {
      Instruction insn = instructions.get(i);
      int next = slotOf[i + 1];
      out.add(
          switch (insn) {
            case Jump(boolean w, JumpOp op, Reg d, Operand s, Label l) ->
                new Jump(w, op, d, s, offset(bound, l, next, slotOf, i, false));
            case Goto(Label l) -> new Goto(offset(bound, l, next, slotOf, i, false));
            case CallLocal(Label l) -> new CallLocal(offset(bound, l, next, slotOf, i, true));
            default -> insn;
          });
    }
    return new AssembledProgram(out, positions);
  }

  /** {@code wide}: a local call, whose offset has 32 bits; jumps have 16. */
  private static JumpTarget offset(Map<Label, Integer> bound, Label l, int nextSlot,
      int[] slotOf, int index, boolean wide) {
    int target = bound.get(l);
    int offset = slotOf[target] - nextSlot;
    if (!wide && (offset < Short.MIN_VALUE || offset > Short.MAX_VALUE)) {
      throw new IllegalStateException(
          "jump from instruction " + index + " to '" + l.name() + "' spans " + offset + " slots (at most 32767)");
    }
    return new JumpTarget.Offset(offset);
  }
}

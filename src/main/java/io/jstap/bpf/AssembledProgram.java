package io.jstap.bpf;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Instructions with every jump resolved to a slot offset, and the source position the caller
 * gave each instruction (an opaque object, often a script location; null where none was given).
 * Map references may still be by name; {@link #withMapFds} resolves them.
 */
public record AssembledProgram(List<Instruction> instructions, List<Object> positions) {
  public AssembledProgram {
    instructions = List.copyOf(instructions);
    positions = java.util.Collections.unmodifiableList(new ArrayList<>(positions));
    if (instructions.size() != positions.size()) {
      throw new IllegalArgumentException("one position per instruction");
    }
    for (int i = 0; i < instructions.size(); i++) {
      if (instructions.get(i) instanceof Jump j && j.target() instanceof Label l
          || instructions.get(i) instanceof Goto g && g.target() instanceof Label l2
          || instructions.get(i) instanceof CallLocal c && c.target() instanceof Label l3) {
        throw new IllegalArgumentException("instruction " + i + " jumps to an unresolved label");
      }
    }
  }

  /** Resolved instructions without source positions (e.g. decoded from bytes). */
  public static AssembledProgram of(List<Instruction> instructions) {
    return new AssembledProgram(instructions, java.util.Collections.nCopies(instructions.size(), null));
  }

  /** Number of 8-byte slots (what the kernel calls the instruction count). */
  public int slotCount() {
    int n = 0;
    for (Instruction i : instructions) n += i.slots();
    return n;
  }

  /** Index in {@link #instructions} of the instruction at a kernel instruction index, or -1. */
  public int instructionAtSlot(int slot) {
    int s = 0;
    for (int i = 0; i < instructions.size(); i++) {
      int next = s + instructions.get(i).slots();
      if (slot >= s && slot < next) return i;
      s = next;
    }
    return -1;
  }

  /** The source position of the instruction at a kernel instruction index, or null. */
  public Object positionAtSlot(int slot) {
    int i = instructionAtSlot(slot);
    return i < 0 ? null : positions.get(i);
  }

  /** Names of the maps referenced by name, in order of first use. */
  public List<String> mapNames() {
    var names = new java.util.LinkedHashSet<String>();
    for (Instruction i : instructions) {
      if (i instanceof LoadImm64(Reg r, LoadImm64.MapByName(String m))) names.add(m);
      if (i instanceof LoadImm64(Reg r, LoadImm64.MapValueByName(String m, int o))) names.add(m);
    }
    return List.copyOf(names);
  }

  /** The same program with map names replaced by the descriptors {@code fdOf} gives. */
  public AssembledProgram withMapFds(ToIntFunction<String> fdOf) {
    var out = new ArrayList<Instruction>(instructions.size());
    for (Instruction i : instructions) {
      out.add(
          switch (i) {
            case LoadImm64(Reg dst, LoadImm64.MapByName(String m)) ->
                new LoadImm64(dst, new LoadImm64.MapFd(fdOf.applyAsInt(m)));
            case LoadImm64(Reg dst, LoadImm64.MapValueByName(String m, int off)) ->
                new LoadImm64(dst, new LoadImm64.MapValueFd(fdOf.applyAsInt(m), off));
            default -> i;
          });
    }
    return new AssembledProgram(out, positions);
  }
}

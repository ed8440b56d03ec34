package io.jstap.bpf;

/**
 * A jump target, bound to a place in the instruction stream with {@link Assembler#bind}. Labels
 * compare by identity; the name only appears in messages.
 */
public final class Label implements JumpTarget {
  private final String name;

  public Label(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return name;
  }
}

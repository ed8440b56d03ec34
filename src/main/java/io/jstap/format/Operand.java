package io.jstap.format;

import io.jstap.format.FormatPiece.Conversion;

/**
 * One argument a format consumes, in argument order: a {@code *} width, a {@code *} precision,
 * or the value of a conversion.
 *
 * @param index the argument's position (0-based)
 */
public record Operand(int index, Role role, Conversion conversion) {

  /** What the argument is for. */
  public enum Role {
    WIDTH,
    PRECISION,
    VALUE
  }

  /** The script type the argument must have. */
  public ScriptType type() {
    return role == Role.VALUE ? conversion.kind().valueType() : ScriptType.LONG;
  }

  /** How the argument travels in a ring-buffer record. */
  public RecordKind recordKind() {
    return role == Role.VALUE ? conversion.kind().recordKind() : RecordKind.LONG;
  }
}

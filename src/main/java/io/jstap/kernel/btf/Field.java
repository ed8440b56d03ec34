package io.jstap.kernel.btf;

/**
 * A struct or union member found by name, with its position from the start of the outermost
 * type searched (offsets of enclosing anonymous members included).
 *
 * @param name the member's name
 * @param type the member's type id
 * @param bitOffset bits from the start of the outer type to the member
 * @param bitfieldSize the width of a bitfield member in bits, 0 for an ordinary member
 */
public record Field(String name, int type, long bitOffset, int bitfieldSize) {
  /** The byte holding the member's first bit. */
  public long byteOffset() {
    return bitOffset >>> 3;
  }

  public boolean isBitfield() {
    return bitfieldSize != 0;
  }
}

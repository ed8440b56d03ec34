package io.jstap.format;

/**
 * A printf flag. SystemTap's format parser (staptree.cxx, {@code string_to_components}) takes
 * at most one flag per conversion, unlike C.
 */
public enum Flag {
  LEFT('-', Renderer.LEFT),
  PLUS('+', Renderer.PLUS),
  SPACE(' ', Renderer.SPACE),
  SPECIAL('#', Renderer.SPECIAL),
  ZERO_PAD('0', Renderer.ZEROPAD);

  private final char symbol;
  final int bit;

  Flag(char symbol, int bit) {
    this.symbol = symbol;
    this.bit = bit;
  }

  public char symbol() {
    return symbol;
  }

  static Flag of(int c) {
    return switch (c) {
      case '-' -> LEFT;
      case '+' -> PLUS;
      case ' ' -> SPACE;
      case '#' -> SPECIAL;
      case '0' -> ZERO_PAD;
      default -> null;
    };
  }
}

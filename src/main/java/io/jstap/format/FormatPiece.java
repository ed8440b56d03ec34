package io.jstap.format;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;

/** One piece of a parsed format: literal bytes or a conversion. */
public sealed interface FormatPiece {

  /** Bytes printed as they are ({@code %%} already reduced to one {@code %}). */
  record Literal(byte[] bytes) implements FormatPiece {
    public Literal {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Literal l && Arrays.equals(bytes, l.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Literal[" + HexFormat.of().formatHex(bytes) + "]";
    }
  }

  /**
   * A conversion such as {@code %-*s}.
   *
   * @param offset where its {@code %} is in the format, in bytes of the format
   * @param length how many bytes of the format it spans
   * @param text its text in the format, for messages
   */
  record Conversion(
      int offset,
      int length,
      String text,
      ConversionKind kind,
      Set<Flag> flags,
      FieldSize width,
      FieldSize precision)
      implements FormatPiece {
    public Conversion {
      flags = Set.copyOf(flags);
    }

    /** SystemTap's print_flag bits (runtime/vsprintf.h) for this conversion. */
    int flagBits() {
      int bits = 0;
      for (Flag f : flags) bits |= f.bit;
      return switch (kind) {
        case SIGNED_DECIMAL -> bits | Renderer.SIGN;
        case HEX_UPPER -> bits | Renderer.LARGE;
        case POINTER -> bits | Renderer.SPECIAL;
        case UNSIGNED_DECIMAL, OCTAL, HEX, CHAR, STRING, MEMORY, MEMORY_HEX, BINARY -> bits;
      };
    }
  }
}

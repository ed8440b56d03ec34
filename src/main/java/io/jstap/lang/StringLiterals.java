package io.jstap.lang;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * The byte strings of string literals (one char 0..255 per byte) and their source form.
 * SystemTap strings are bytes; keeping them as bytes makes {@code "\351"} and {@code "é"}
 * (two UTF-8 bytes) different, as they are in SystemTap.
 */
final class StringLiterals {
  private StringLiterals() {}

  /** Appends {@code codePoint} to {@code out} as its UTF-8 bytes. */
  static void appendUtf8(StringBuilder out, int codePoint) {
    if (codePoint < 0x80) {
      out.append((char) codePoint);
    } else if (codePoint < 0x800) {
      out.append((char) (0xc0 | (codePoint >> 6)));
      out.append((char) (0x80 | (codePoint & 0x3f)));
    } else if (codePoint < 0x10000) {
      out.append((char) (0xe0 | (codePoint >> 12)));
      out.append((char) (0x80 | ((codePoint >> 6) & 0x3f)));
      out.append((char) (0x80 | (codePoint & 0x3f)));
    } else {
      out.append((char) (0xf0 | (codePoint >> 18)));
      out.append((char) (0x80 | ((codePoint >> 12) & 0x3f)));
      out.append((char) (0x80 | ((codePoint >> 6) & 0x3f)));
      out.append((char) (0x80 | (codePoint & 0x3f)));
    }
  }

  /**
   * The source form of a byte string, without the quotes: printable ASCII as is, {@code "} and
   * {@code \} escaped, control bytes as C escapes, valid UTF-8 sequences as the characters they
   * encode, any other byte as an octal escape. Reading it back gives the same bytes.
   */
  static String escape(String bytes) {
    var out = new StringBuilder(bytes.length() + 8);
    int i = 0;
    while (i < bytes.length()) {
      char b = bytes.charAt(i);
      if (b >= 0x80) {
        int n = utf8SequenceLength(bytes, i);
        if (n > 0) {
          out.append(decodeUtf8(bytes.substring(i, i + n)));
          i += n;
          continue;
        }
        octal(out, b);
        i++;
        continue;
      }
      switch (b) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        case 0x07 -> out.append("\\a");
        case '\b' -> out.append("\\b");
        case 0x0b -> out.append("\\v");
        case '\f' -> out.append("\\f");
        default -> {
          if (b < 0x20 || b == 0x7f) {
            // Always three digits, so a digit that follows cannot join the escape.
            octal(out, b);
          } else {
            out.append(b);
          }
        }
      }
      i++;
    }
    return out.toString();
  }

  private static void octal(StringBuilder out, char b) {
    out.append('\\')
        .append((char) ('0' + ((b >> 6) & 7)))
        .append((char) ('0' + ((b >> 3) & 7)))
        .append((char) ('0' + (b & 7)));
  }

  /** The length of a well-formed UTF-8 sequence starting at {@code i}, or 0. */
  private static int utf8SequenceLength(String bytes, int i) {
    char b = bytes.charAt(i);
    int n;
    if (b >= 0xc2 && b <= 0xdf) n = 2;
    else if (b >= 0xe0 && b <= 0xef) n = 3;
    else if (b >= 0xf0 && b <= 0xf4) n = 4;
    else return 0;
    if (i + n > bytes.length()) return 0;
    try {
      decodeStrict(bytes.substring(i, i + n));
      return n;
    } catch (CharacterCodingException e) {
      return 0;
    }
  }

  private static String decodeUtf8(String bytes) {
    try {
      return decodeStrict(bytes);
    } catch (CharacterCodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String decodeStrict(String bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes.getBytes(StandardCharsets.ISO_8859_1)))
        .toString();
  }

  /**
   * A script argument as a string literal, for {@code @1}: quoted, with quotes, backslashes and
   * control characters escaped.
   */
  static String quote(String argument) {
    var bytes = new StringBuilder();
    argument.codePoints().forEach(cp -> appendUtf8(bytes, cp));
    return "\"" + escape(bytes.toString()) + "\"";
  }
}

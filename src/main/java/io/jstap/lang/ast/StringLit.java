package io.jstap.lang.ast;

import io.jstap.lang.Span;
import java.nio.charset.StandardCharsets;

/**
 * A string literal with its escapes resolved and adjacent literals joined ({@code "a" "b"} is
 * {@code "ab"}).
 *
 * @param value the string's bytes, one char (0..255) per byte; text typed in the script is
 *     stored as its UTF-8 bytes, {@code \ooo} and {@code \xhh} escapes as the byte they name.
 *     Use {@link #bytes()} or {@link #text()}.
 */
public record StringLit(Span span, String value) implements Literal {
  public StringLit {
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) > 0xff) {
        throw new IllegalArgumentException("string literal value holds bytes, found a char > 0xff");
      }
    }
  }

  /** The exact bytes. */
  public byte[] bytes() {
    return value.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The bytes read as UTF-8 (for names, paths and messages). */
  public String text() {
    return new String(bytes(), StandardCharsets.UTF_8);
  }
}

package io.jstap.lang.ast;

import io.jstap.lang.Span;

/**
 * An integer literal. SystemTap's numbers are 64-bit; literals up to 2^64-1 are accepted and
 * wrap to negative values, as in C. A literal is negative only where the grammar takes a
 * signed literal (probe point parameters, global initializers); elsewhere {@code -5} is
 * {@link Unary} minus applied to 5.
 *
 * @param radix how it was written, so it prints back the same way
 */
public record NumberLit(Span span, long value, Radix radix) implements Literal {
  /** How a number literal was written. */
  public enum Radix {
    DECIMAL,
    HEX,
    OCTAL
  }
}

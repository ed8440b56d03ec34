package io.jstap.format;

/**
 * A mistake in a format string.
 *
 * @param offset where it is, counted in the units of the format given to {@code parse} (chars
 *     of a String, bytes of a byte[])
 * @param length how much of the format it covers (at least 1)
 * @param message what is wrong and what to write instead
 */
public record FormatError(int offset, int length, String message) {}

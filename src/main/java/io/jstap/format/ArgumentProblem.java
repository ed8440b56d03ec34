package io.jstap.format;

/**
 * An argument list that does not fit a format.
 *
 * @param argumentIndex the argument at fault (0-based); for a missing argument, the index it
 *     would have had
 * @param formatOffset where the conversion that wants the argument is in the format, or -1 when
 *     no conversion is concerned (an extra argument)
 * @param formatLength length of that conversion in the format, 0 when none
 * @param message what is wrong, for a diagnostic
 */
public record ArgumentProblem(
    int argumentIndex, int formatOffset, int formatLength, String message) {}

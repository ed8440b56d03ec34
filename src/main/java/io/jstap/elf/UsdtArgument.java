package io.jstap.elf;

/**
 * One argument of a USDT probe, from the note's argument string ({@code -4@%edi}).
 *
 * @param size the size of the value in bytes: 1, 2, 4 or 8
 * @param signed whether the size was written negative (a signed value)
 * @param operand where the value is
 * @param text the argument as written in the note
 */
public record UsdtArgument(int size, boolean signed, UsdtOperand operand, String text) {}

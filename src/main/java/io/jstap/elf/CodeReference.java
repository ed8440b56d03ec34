package io.jstap.elf;

/**
 * An instruction that names an address: through a RIP-relative memory operand ({@code lea},
 * {@code mov}, {@code cmp} ... {@code disp(%rip)}) or as the target of a relative call or jump.
 *
 * @param instruction the instruction
 * @param function the function that holds it
 */
public record CodeReference(X86Instruction instruction, FunctionRange function) {}

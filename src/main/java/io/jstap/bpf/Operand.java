package io.jstap.bpf;

/** The source of an ALU or jump instruction: a register or a 32-bit immediate. */
public sealed interface Operand permits Reg, Imm {}

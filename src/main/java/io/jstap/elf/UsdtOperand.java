package io.jstap.elf;

import java.util.Optional;

/** Where a USDT argument's value is, as the assembler operand in the note says. */
public sealed interface UsdtOperand {
  /** The value is in a register ({@code %edi}): the named part of it. */
  record Register(X86Register.Part register) implements UsdtOperand {}

  /** The value is a constant ({@code $5}). */
  record Constant(long value) implements UsdtOperand {}

  /**
   * The value is in memory at {@code symbol + displacement + base + index * scale}
   * ({@code -16(%rbp)}, {@code counter(%rip)}, {@code 8(%rax,%rdx,4)}). With base {@code %rip}
   * and a symbol, the address is the symbol's (the assembler resolved it relative to the next
   * instruction); the symbol must then be looked up in the program.
   *
   * @param symbol a symbol the displacement is relative to, if any
   * @param displacement the constant part
   * @param base the base register, if any
   * @param index the index register, if any
   * @param scale 1, 2, 4 or 8
   */
  record Memory(Optional<String> symbol, long displacement, Optional<X86Register> base,
      Optional<X86Register> index, int scale) implements UsdtOperand {}

  /**
   * An operand jstap cannot read in a BPF program (an SSE register holding a float, an address
   * constant); using the argument is an error that gives the reason.
   */
  record Unsupported(String reason) implements UsdtOperand {}
}

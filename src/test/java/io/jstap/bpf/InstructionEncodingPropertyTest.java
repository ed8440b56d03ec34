package io.jstap.bpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class InstructionEncodingPropertyTest {
  @Property(tries = 2000)
  void decodingAnEncodingGivesTheSameInstructions(@ForAll("programs") List<Instruction> program) {
    byte[] bytes = InstructionEncoding.encode(program);
    assertThat(bytes).hasSize(8 * AssembledProgram.of(program).slotCount());
    assertThat(InstructionEncoding.decode(bytes)).isEqualTo(program);
  }

  @Property(tries = 500)
  void everyInstructionDisassembles(@ForAll("programs") List<Instruction> program) {
    String text = Disassembler.print(program);
    assertThat(text.lines()).hasSize(program.size()).noneMatch(l -> l.contains("BUG") || l.contains("null"));
  }

  @Provide
  Arbitrary<List<Instruction>> programs() {
    return instruction().list().ofMinSize(1).ofMaxSize(20);
  }

  static Arbitrary<Reg> reg() {
    return Arbitraries.of(Reg.class);
  }

  static Arbitrary<Reg> writable() {
    return reg().filter(r -> r != Reg.R10);
  }

  static Arbitrary<Integer> imm() {
    return Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.integers().between(-16, 16));
  }

  static Arbitrary<Integer> off16() {
    return Arbitraries.integers().between(Short.MIN_VALUE, Short.MAX_VALUE);
  }

  static Arbitrary<Operand> operand() {
    return Arbitraries.oneOf(reg().map(r -> (Operand) r), imm().map(i -> (Operand) Imm.of(i)));
  }

  static Arbitrary<Instruction> alu() {
    return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(AluOp.class), writable(), operand())
        .as((w, op, d, s) -> {
          if (op == AluOp.NEG) return new Alu(w, op, d, Imm.of(0));
          if (s instanceof Imm(int v)) {
            int width = w ? 64 : 32;
            if (op == AluOp.LSH || op == AluOp.RSH || op == AluOp.ARSH) s = Imm.of(Math.floorMod(v, width));
            if ((op == AluOp.DIV || op == AluOp.SDIV || op == AluOp.MOD || op == AluOp.SMOD) && v == 0) s = Imm.of(1);
          }
          return (Instruction) new Alu(w, op, d, s);
        });
  }

  static Arbitrary<Instruction> instruction() {
    Arbitrary<JumpTarget> target = off16().map(JumpTarget.Offset::new);
    return Arbitraries.oneOf(
        alu(),
        Combinators.combine(Arbitraries.of(ByteSwap.Order.class), Arbitraries.of(16, 32, 64), writable())
            .as(ByteSwap::new),
        Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(JumpOp.class), reg(), operand(), target)
            .as(Jump::new),
        target.map(Goto::new),
        Arbitraries.integers().map(i -> (Instruction) new CallLocal(new JumpTarget.Offset(i))),
        Arbitraries.integers().between(0, 211).map(Call::new),
        Arbitraries.just(new Exit()),
        Combinators.combine(
                writable(),
                Arbitraries.oneOf(
                    Arbitraries.longs().map(LoadImm64.Constant::new),
                    Arbitraries.integers().between(0, 1 << 20).map(LoadImm64.MapFd::new),
                    Combinators.combine(Arbitraries.integers().between(0, 1 << 20), Arbitraries.integers().between(0, 1 << 20))
                        .as(LoadImm64.MapValueFd::new)))
            .as(LoadImm64::new),
        Combinators.combine(Arbitraries.of(Size.class), writable(), reg(), off16()).as(Load::new),
        Combinators.combine(Arbitraries.of(Size.class), reg(), off16(), reg()).as(Store::new),
        Combinators.combine(Arbitraries.of(Size.class), reg(), off16(), imm()).as(StoreImm::new),
        Combinators.combine(Arbitraries.of(Size.W, Size.DW), Arbitraries.of(AtomicOp.class), reg(), off16(), reg())
            .as(Atomic::new));
  }
}

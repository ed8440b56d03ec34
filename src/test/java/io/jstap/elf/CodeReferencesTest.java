package io.jstap.elf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodeReferencesTest {
  /** Reference instructions found by decoding every instruction, for comparison. */
  static List<Long> referencesBySweep(ElfFile elf, long address, long size) throws ElfException {
    var out = new ArrayList<Long>();
    for (ElfSection s : elf.sections()) {
      if (!s.isExecutable() || !s.hasFileBytes()) {
        continue;
      }
      byte[] b = elf.contents(s).toArray(ValueLayout.JAVA_BYTE);
      int off = 0;
      while (off < b.length) {
        X86Instruction insn = X86Decoder.decode(b, off, b.length, s.address() + off);
        boolean branch = insn.flow() == X86Instruction.Flow.CALL
            || insn.flow() == X86Instruction.Flow.JUMP
            || insn.flow() == X86Instruction.Flow.CONDITIONAL_JUMP;
        if (insn.ripRelative() && Long.compareUnsigned(insn.ripTarget() - address, size) < 0
            || branch && Long.compareUnsigned(insn.branchTarget() - address, size) < 0) {
          out.add(insn.address());
        }
        off += insn.length();
      }
    }
    return out;
  }

  @Test
  void findsWhatAFullWalkFinds() throws IOException {
    for (String variant : List.of("pie-g", "no-pie", "lib.so", "usdt")) {
      ElfFile elf = ElfFile.open(TestPrograms.get(variant));
      CodeReferences code = CodeReferences.of(elf);
      int nonEmpty = 0;
      for (ElfSymbol s : elf.symbols()) {
        if (!s.isDefined() || s.value() == 0) {
          continue;
        }
        long size = Math.max(s.size(), 1);
        List<Long> expected = referencesBySweep(elf, s.value(), size);
        assertThat(code.to(s)).as("%s %s", variant, s.name())
            .extracting(r -> r.instruction().address()).containsExactlyElementsOf(expected);
        if (!expected.isEmpty()) {
          nonEmpty++;
        }
      }
      assertThat(nonEmpty).as(variant).isGreaterThan(3);
    }
  }

  @Test
  void namesTheFunctionsThatReferToAVariable() throws IOException {
    ElfFile elf = ElfFile.open(TestPrograms.get("pie-g"));
    CodeReferences code = CodeReferences.of(elf);
    ElfSymbol hidden = elf.symbol("hidden_total").orElseThrow();
    List<CodeReference> refs = code.to(hidden);
    assertThat(refs).isNotEmpty();
    assertThat(refs).allSatisfy(r -> {
      assertThat(r.function().name()).hasValue("add_to_total");
      assertThat(r.function().source()).isEqualTo(FunctionRange.Source.SYMBOL);
    });
    ElfSymbol add = elf.symbol("add_to_total").orElseThrow();
    assertThat(code.to(add)).extracting(r -> r.function().name().orElseThrow())
        .contains("work");
  }

  /**
   * The stripped copy has the same code: the unwind table and the code alone find the
   * functions the symbols of the unstripped copy name.
   */
  @Test
  void findsFunctionsOfAStrippedProgram() throws IOException {
    ElfFile full = ElfFile.open(TestPrograms.get("pie"));
    ElfFile stripped = ElfFile.open(TestPrograms.get("stripped"));
    CodeReferences code = CodeReferences.of(stripped);
    ElfSymbol hidden = full.symbol("hidden_total").orElseThrow();
    ElfSymbol add = full.symbol("add_to_total").orElseThrow();
    ElfSymbol work = full.symbol("work").orElseThrow();
    List<CodeReference> refs = code.to(hidden);
    assertThat(refs).isNotEmpty().allSatisfy(r -> {
      assertThat(r.function().source()).isEqualTo(FunctionRange.Source.EH_FRAME);
      assertThat(r.function().start()).isEqualTo(add.value());
      assertThat(r.function().end()).isEqualTo(add.value() + add.size());
      assertThat(r.function().name()).isEmpty();
    });
    FunctionRange scanned = code.functionByCodeScan(work.value() + 5).orElseThrow();
    assertThat(scanned.source()).isEqualTo(FunctionRange.Source.CODE_SCAN);
    assertThat(scanned.start()).isEqualTo(work.value());
    assertThat(code.functionStarts()).contains(add.value(), work.value());
    assertThat(code.invalidCount()).isZero();
  }

  @Test
  void ehFrameCoversTheFunctionsOfTheSymbolTable() throws IOException {
    ElfFile elf = ElfFile.open(TestPrograms.get("pie-g"));
    EhFrameFunctions eh = EhFrameFunctions.of(elf);
    assertThat(eh.size()).isPositive();
    for (String name : List.of("main", "work", "add_to_total")) {
      ElfSymbol f = elf.symbol(name).orElseThrow();
      int i = eh.indexOf(f.value());
      assertThat(i).as(name).isNotNegative();
      assertThat(eh.start(i)).isEqualTo(f.value());
      assertThat(eh.end(i)).isEqualTo(f.value() + f.size());
    }
    assertThat(eh.indexOf(0)).isEqualTo(-1);
  }
}

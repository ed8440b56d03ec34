package io.jstap.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jstap.elf.UsdtOperand.Constant;
import io.jstap.elf.UsdtOperand.Memory;
import io.jstap.elf.UsdtOperand.Register;
import io.jstap.elf.UsdtOperand.Unsupported;
import io.jstap.kernel.btf.Btf;
import io.jstap.testing.KernelTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsdtTest {
  private static UsdtOperand operand(String text) {
    return UsdtArguments.parse(text).getFirst().operand();
  }

  @Test
  void parsesRegisterOperandsWithTheirWidth() {
    UsdtArgument a = UsdtArguments.parse("-4@%edi").getFirst();
    assertThat(a.size()).isEqualTo(4);
    assertThat(a.signed()).isTrue();
    assertThat(a.operand()).isEqualTo(new Register(new X86Register.Part(X86Register.RDI, 4,
        false)));
    assertThat(operand("8@%rax")).isEqualTo(new Register(new X86Register.Part(X86Register.RAX,
        8, false)));
    assertThat(operand("1@%ah")).isEqualTo(new Register(new X86Register.Part(X86Register.RAX,
        1, true)));
    assertThat(operand("2@%r9w")).isEqualTo(new Register(new X86Register.Part(X86Register.R9,
        2, false)));
    assertThat(operand("1@%sil")).isEqualTo(new Register(new X86Register.Part(X86Register.RSI,
        1, false)));
    assertThat(UsdtArguments.parse("8@%rax").getFirst().signed()).isFalse();
  }

  @Test
  void parsesConstantsAndMemoryOperands() {
    assertThat(operand("-8@$5")).isEqualTo(new Constant(5));
    assertThat(operand("-8@$-7")).isEqualTo(new Constant(-7));
    assertThat(operand("8@$0x10")).isEqualTo(new Constant(16));
    assertThat(operand("8@-16(%rbp)")).isEqualTo(new Memory(Optional.empty(), -16,
        Optional.of(X86Register.RBP), Optional.empty(), 1));
    assertThat(operand("4@foo(%rip)")).isEqualTo(new Memory(Optional.of("foo"), 0,
        Optional.of(X86Register.RIP), Optional.empty(), 1));
    assertThat(operand("4@foo+8(%rip)")).isEqualTo(new Memory(Optional.of("foo"), 8,
        Optional.of(X86Register.RIP), Optional.empty(), 1));
    assertThat(operand("-4@4+table(%rip)")).isEqualTo(new Memory(Optional.of("table"), 4,
        Optional.of(X86Register.RIP), Optional.empty(), 1));
    assertThat(operand("8@8(%rax,%rdx,4)")).isEqualTo(new Memory(Optional.empty(), 8,
        Optional.of(X86Register.RAX), Optional.of(X86Register.RDX), 4));
    assertThat(operand("8@(,%rcx,8)")).isEqualTo(new Memory(Optional.empty(), 0,
        Optional.empty(), Optional.of(X86Register.RCX), 8));
    assertThat(operand("4@(%r12)")).isEqualTo(new Memory(Optional.empty(), 0,
        Optional.of(X86Register.R12), Optional.empty(), 1));
  }

  @Test
  void splitsArgumentsOnSpaces() {
    assertThat(UsdtArguments.parse("-4@%edi -8@%rsi 8@%rdx")).extracting(UsdtArgument::text)
        .containsExactly("-4@%edi", "-8@%rsi", "8@%rdx");
    assertThat(UsdtArguments.parse("")).isEmpty();
    assertThat(UsdtArguments.parse("  ")).isEmpty();
  }

  @Test
  void floatRegistersAreUnsupportedNotFatal() {
    assertThat(operand("8@%xmm0")).isInstanceOf(Unsupported.class);
    assertThat(((Unsupported) operand("8@%xmm0")).reason()).contains("%xmm0");
  }

  @Test
  void rejectsWhatIsNoOperand() {
    assertThatThrownBy(() -> UsdtArguments.parse("3@%eax")).hasMessageContaining("size");
    assertThatThrownBy(() -> UsdtArguments.parse("4@-16(%rbp")).hasMessageContaining("')'");
    assertThatThrownBy(() -> UsdtArguments.parse("4@(%rax,%rbx,3)"))
        .hasMessageContaining("scale");
  }

  /** In a note, an argument that is no operand is unsupported, and the others still read. */
  @Test
  void noteArgumentsAreReadOneByOne() {
    var args = UsdtArguments.parseEach("-4@%edi 3@%eax 8@8(%rax");
    assertThat(args).extracting(UsdtArgument::text).containsExactly("-4@%edi", "3@%eax",
        "8@8(%rax");
    assertThat(args.get(0).operand()).isInstanceOf(Register.class);
    assertThat(((Unsupported) args.get(1).operand()).reason()).contains("size");
    assertThat(((Unsupported) args.get(2).operand()).reason()).contains("')'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"usdt", "usdt-O0-g", "usdt-no-pie"})
  void notesAgreeWithReadelf(String variant) throws IOException {
    Path file = TestPrograms.get(variant);
    ElfFile elf = ElfFile.open(file);
    List<UsdtProbe> probes = elf.usdtProbes();
    List<Readelf.SdtNote> notes = Readelf.sdtNotes(file);
    assertThat(probes).hasSameSizeAs(notes).hasSize(5);
    for (int i = 0; i < notes.size(); i++) {
      Readelf.SdtNote n = notes.get(i);
      UsdtProbe p = probes.get(i);
      assertThat(p.provider()).isEqualTo(n.provider());
      assertThat(p.name()).isEqualTo(n.name());
      // .stapsdt.base is where the notes say it is (no prelink): no adjustment
      assertThat(p.address()).isEqualTo(n.location());
      assertThat(p.semaphore()).isEqualTo(n.semaphore());
      assertThat(p.argumentText()).isEqualTo(n.arguments());
      assertThat(p.arguments()).extracting(UsdtArgument::text)
          .containsExactlyElementsOf(n.arguments().isEmpty() ? List.of()
              : List.of(n.arguments().split(" ")));
      assertThat(p.fileOffset()).isEqualTo(elf.fileOffset(p.address()).orElseThrow());
      assertThat(p.arguments()).noneMatch(a -> a.operand() instanceof Unsupported);
    }
    UsdtProbe sema = probes.stream().filter(UsdtProbe::hasSemaphore).findFirst().orElseThrow();
    assertThat(sema.name()).isEqualTo("with_sema");
    // the only semaphore is the first thing in .probes
    assertThat(sema.semaphoreFileOffset())
        .isEqualTo(Readelf.sectionOffsets(file).get(".probes"));
    assertThat(probes.stream().filter(p -> !p.hasSemaphore()))
        .allMatch(p -> p.semaphoreFileOffset() == 0).hasSize(4);
  }

  @Test
  void theProbeAddressIsInsideTheFunctionThatFiresIt() throws IOException {
    ElfFile elf = ElfFile.open(TestPrograms.get("usdt"));
    for (UsdtProbe p : elf.usdtProbes()) {
      String expected = p.name().equals("with_sema") ? "run_with_semaphore" : "run";
      assertThat(elf.symbolize(p.address()).orElseThrow().function()).isEqualTo(expected);
    }
    UsdtProbe global = elf.usdtProbes().stream().filter(p -> p.name().equals("global"))
        .findFirst().orElseThrow();
    assertThat(global.arguments().getFirst().operand()).isEqualTo(new Memory(
        Optional.of("global_value"), 0, Optional.of(X86Register.RIP), Optional.empty(), 1));
    assertThat(elf.symbol("global_value")).isPresent();
  }

  @Test
  void aProgramWithoutProbesHasNone() throws IOException {
    assertThat(ElfFile.open(TestPrograms.get("pie")).usdtProbes()).isEmpty();
  }

  /** The pt_regs offsets jstap reads registers at are the running kernel's. */
  @KernelTest
  @Test
  void ptRegsOffsetsMatchTheKernelsBtf() throws IOException {
    assumeTrue(Files.exists(Btf.VMLINUX), "this kernel has no " + Btf.VMLINUX);
    Btf btf = Btf.vmlinux();
    int ptRegs = btf.struct("pt_regs").orElseThrow().id();
    for (X86Register r : X86Register.values()) {
      assertThat(btf.field(ptRegs, r.ptRegsField()).orElseThrow().byteOffset()).as(r.name())
          .isEqualTo(r.ptRegsOffset());
    }
  }
}

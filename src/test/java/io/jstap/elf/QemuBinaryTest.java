package io.jstap.elf;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.testing.DebianPackage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Debian's QEMU, stripped but exporting ~9,500 functions (LABS.md, section 1): the exported
 * functions are found through .dynsym, and the static virtio_blk_rw_complete through the only
 * instruction that reads _TRACE_VIRTIO_BLK_RW_COMPLETE_DSTATE. objdump checks every answer.
 */
class QemuBinaryTest {
  private static Path qemu;
  private static ElfFile elf;

  @BeforeAll
  static void open() throws IOException {
    qemu = DebianPackage.require("qemu-system-x86", "/usr/bin/qemu-system-x86_64");
    elf = ElfFile.open(qemu);
  }

  @Test
  void isStrippedButExportsFunctions() throws IOException {
    assertThat(elf.symbols()).isEmpty();
    assertThat(elf.dynamicSymbols().stream().filter(ElfSymbol::isFunction).count())
        .isGreaterThan(5_000);
    ElfSymbol action = elf.symbol("blk_error_action").orElseThrow();
    assertThat(action.dynamic()).isTrue();
    assertThat(action.isFunction()).isTrue();
    assertThat(elf.fileOffset(action)).isEqualTo(
        action.value() - elf.segmentAt(action.value()).orElseThrow().virtualAddress()
            + elf.segmentAt(action.value()).orElseThrow().offset());
    // objdump names the same address after the same symbol
    String at = "0x" + Long.toHexString(action.value());
    List<String> dis = Objdump.lines(List.of(Objdump.program(), "-d", "--start-address=" + at,
        "--stop-address=0x" + Long.toHexString(action.value() + 1), qemu.toString()));
    assertThat(dis).anyMatch(l -> l.contains("<blk_error_action@@Base>:"));
  }

  @Test
  void findsTheSameReferencesAsAFullWalk() throws IOException {
    CodeReferences code = CodeReferences.of(elf);
    for (String name : List.of("blk_aio_pwritev", "_TRACE_VIRTIO_BLK_RW_COMPLETE_DSTATE",
        "qemu_loglevel")) {
      ElfSymbol s = elf.symbol(name).orElseThrow();
      List<Long> expected = CodeReferencesTest.referencesBySweep(elf, s.value(),
          Math.max(1, s.size()));
      assertThat(expected).isNotEmpty();
      assertThat(code.to(s)).as(name).extracting(r -> r.instruction().address())
          .containsExactlyElementsOf(expected);
    }
  }

  @Test
  void findsTheStaticFunctionThatReadsTheTraceState() throws IOException {
    ElfSymbol dstate = elf.symbol("_TRACE_VIRTIO_BLK_RW_COMPLETE_DSTATE").orElseThrow();
    CodeReferences code = CodeReferences.of(elf);
    assertThat(code.invalidCount()).isZero();
    List<CodeReference> refs = code.to(dstate);
    assertThat(refs).hasSize(1);
    CodeReference ref = refs.getFirst();
    assertThat(ref.instruction().ripRelative()).isTrue();
    FunctionRange fn = ref.function();
    // a static function: no symbol, its range comes from the unwind table
    assertThat(fn.source()).isEqualTo(FunctionRange.Source.EH_FRAME);
    assertThat(fn.name()).isEmpty();
    assertThat(fn.contains(ref.instruction().address())).isTrue();
    // the code alone says the same: the function's address is taken (it is a callback)
    FunctionRange scanned = code.functionByCodeScan(ref.instruction().address()).orElseThrow();
    assertThat(scanned.start()).isEqualTo(fn.start());
    assertThat(code.to(fn.start(), 1)).isNotEmpty()
        .allMatch(r -> r.instruction().isLea());

    // objdump: the function's instructions include the reference, and the whole program has
    // no other instruction naming the symbol
    List<String> inFunction = Objdump.lines(List.of(Objdump.program(), "-d", "-w",
        "--start-address=0x" + Long.toHexString(fn.start()),
        "--stop-address=0x" + Long.toHexString(fn.end()), qemu.toString()));
    String mention = "<_TRACE_VIRTIO_BLK_RW_COMPLETE_DSTATE@@Base>";
    assertThat(inFunction).filteredOn(l -> l.contains(mention)).hasSize(1)
        .allMatch(l -> l.strip().startsWith(Long.toHexString(ref.instruction().address()) + ":"));
    Objdump.Disassembly all = Objdump.disassemble(qemu, mention);
    assertThat(all.mentioning()).hasSize(1);
    assertThat(elf.fileOffset(fn.start())).isPresent();
    // and the decoder walks all of QEMU's code exactly as objdump does
    X86DecoderTest.assertSameBoundaries(qemu, all.addresses());
  }
}

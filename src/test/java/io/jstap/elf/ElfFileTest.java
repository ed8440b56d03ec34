package io.jstap.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstap.testing.Command;
import io.jstap.testing.DebianPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The reader against binutils' readelf and objdump, on programs gcc compiles for the test. */
class ElfFileTest {
  static List<String> variants() {
    return TestPrograms.variants();
  }

  @ParameterizedTest
  @MethodSource("variants")
  void symbolTablesAgreeWithReadelf(String variant) throws IOException {
    Path file = TestPrograms.get(variant);
    ElfFile elf = ElfFile.open(file);
    var actual = new ArrayList<Readelf.Symbol>();
    for (ElfSymbol s : elf.dynamicSymbols()) {
      actual.add(row(".dynsym", s));
    }
    for (ElfSymbol s : elf.symbols()) {
      actual.add(row(".symtab", s));
    }
    List<Readelf.Symbol> expected = Readelf.symbols(file);
    assertThat(expected).isNotEmpty();
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  private static Readelf.Symbol row(String table, ElfSymbol s) {
    String type = switch (s.type()) {
      case GNU_IFUNC -> "IFUNC";
      default -> s.type().name();
    };
    String bind = s.binding() == ElfSymbol.Binding.GNU_UNIQUE ? "UNIQUE" : s.binding().name();
    String vis = List.of("DEFAULT", "INTERNAL", "HIDDEN", "PROTECTED").get(s.visibility());
    String ndx = switch (s.sectionIndex()) {
      case 0 -> "UND";
      case 0xfff1 -> "ABS";
      case 0xfff2 -> "COM";
      default -> Integer.toString(s.sectionIndex());
    };
    return new Readelf.Symbol(table, s.value(), s.size(), type, bind, vis, ndx, s.name());
  }

  @ParameterizedTest
  @MethodSource("variants")
  void loadSegmentsAgreeWithReadelf(String variant) throws IOException {
    Path file = TestPrograms.get(variant);
    ElfFile elf = ElfFile.open(file);
    var actual = new ArrayList<Readelf.Load>();
    for (ElfSegment s : elf.loadSegments()) {
      String flags = ((s.flags() & 4) != 0 ? "R" : " ") + ((s.flags() & 2) != 0 ? "W" : " ")
          + ((s.flags() & 1) != 0 ? "E" : " ");
      actual.add(new Readelf.Load(s.offset(), s.virtualAddress(), s.fileSize(), s.memorySize(),
          flags.strip()));
    }
    assertThat(actual).containsExactlyElementsOf(Readelf.loads(file));
  }

  /**
   * The file offset of every function is its address moved by its LOAD segment, computed here
   * from readelf's rows; and the bytes there are the bytes objdump disassembles at the address.
   */
  @ParameterizedTest
  @MethodSource("variants")
  void functionFileOffsetsFollowTheLoadSegments(String variant) throws IOException {
    Path file = TestPrograms.get(variant);
    ElfFile elf = ElfFile.open(file);
    List<Readelf.Load> loads = Readelf.loads(file);
    byte[] image = Files.readAllBytes(file);
    int checkedWithObjdump = 0;
    for (ElfSymbol f : elf.functions()) {
      Readelf.Load load = loads.stream()
          .filter(l -> f.value() >= l.vaddr() && f.value() < l.vaddr() + l.filesz())
          .findFirst().orElseThrow();
      long expected = f.value() - load.vaddr() + load.offset();
      assertThat(elf.fileOffset(f)).as(f.name()).isEqualTo(expected);
      assertThat(elf.virtualAddress(expected)).hasValue(f.value());
      if (f.size() >= 4 && checkedWithObjdump < 5) {
        assertThat(objdumpBytes(file, f.value(), 4))
            .as("bytes of %s", f.name())
            .isEqualTo(HexFormat.of().formatHex(image, (int) expected, (int) expected + 4));
        checkedWithObjdump++;
      }
    }
    if (!variant.equals("stripped")) {
      assertThat(checkedWithObjdump).isPositive();
    }
  }

  private static String objdumpBytes(Path file, long address, int n) {
    String objdump = DebianPackage.require("binutils", "/usr/bin/objdump").toString();
    String out = Command.output(objdump, "-s", "--start-address=0x" + Long.toHexString(address),
        "--stop-address=0x" + Long.toHexString(address + n), file.toString());
    var hex = new StringBuilder();
    for (String line : out.split("\n")) {
      // " 1139 554889e5                             UH.."
      if (line.matches(" [0-9a-f]+ [0-9a-f ]+.*")) {
        String[] parts = line.strip().split(" +");
        for (int i = 1; i < parts.length && parts[i].matches("[0-9a-f]{2,8}"); i++) {
          hex.append(parts[i]);
        }
      }
    }
    return hex.substring(0, 2 * n);
  }

  @Test
  void findsSymbolsByName() throws IOException {
    ElfFile elf = ElfFile.open(TestPrograms.get("pie-g"));
    assertThat(elf.symbol("work").orElseThrow().type()).isEqualTo(ElfSymbol.Type.FUNC);
    assertThat(elf.symbol("add_to_total").orElseThrow().binding())
        .isEqualTo(ElfSymbol.Binding.LOCAL);
    assertThat(elf.symbol("counter").orElseThrow().type()).isEqualTo(ElfSymbol.Type.OBJECT);
    assertThat(elf.symbol("no_such_symbol")).isEmpty();
    // printf is only an import here: not a defined symbol of this file
    assertThat(elf.symbol("printf")).isEmpty();
    assertThat(elf.functions()).extracting(ElfSymbol::name).contains("main", "work",
        "add_to_total").doesNotContain("printf");
  }

  @Test
  void aStrippedProgramKeepsOnlyItsDynamicSymbols() throws IOException {
    ElfFile elf = ElfFile.open(TestPrograms.get("stripped"));
    assertThat(elf.symbols()).isEmpty();
    assertThat(elf.dynamicSymbols()).extracting(ElfSymbol::name).contains("printf");
    assertThat(elf.symbol("main")).isEmpty();
  }

  @Test
  void aSharedLibraryExportsItsFunctions() throws IOException {
    ElfFile elf = ElfFile.open(TestPrograms.get("lib.so"));
    assertThat(elf.type()).isEqualTo(ElfFile.ET_DYN);
    ElfSymbol compute = elf.dynamicSymbols().stream()
        .filter(s -> s.name().equals("lib_compute")).findFirst().orElseThrow();
    assertThat(compute.isFunction()).isTrue();
    assertThat(elf.dynamicSymbols()).extracting(ElfSymbol::name).doesNotContain("lib_internal");
    // the linker turns a hidden symbol into a local one of the library
    assertThat(elf.symbol("lib_internal").orElseThrow().binding())
        .isEqualTo(ElfSymbol.Binding.LOCAL);
  }

  @Test
  void symbolizesAddressesInsideFunctions() throws IOException {
    ElfFile elf = ElfFile.open(TestPrograms.get("pie-g"));
    int checked = 0;
    for (ElfSymbol f : elf.functions()) {
      if (f.size() > 0) {
        FunctionOffset at = elf.symbolize(f.value() + f.size() - 1).orElseThrow();
        assertThat(at.functionAddress()).isEqualTo(f.value());
        assertThat(at.offset()).isEqualTo(f.size() - 1);
        assertThat(elf.symbolize(f.value()).orElseThrow().offset()).isZero();
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(3);
    ElfSymbol work = elf.symbol("work").orElseThrow();
    assertThat(elf.symbolize(work.value() + 3).orElseThrow()).hasToString("work+0x3");
    assertThat(elf.symbolize(0)).isEmpty();
  }

  @Test
  void readsTheBuildIdAndTheDebugLink(@TempDir Path tmp) throws IOException {
    Path prog = TestPrograms.get("pie-g");
    ElfFile elf = ElfFile.open(prog);
    assertThat(elf.buildId()).hasValue(Readelf.buildId(prog));
    assertThat(elf.debugLink()).isEmpty();
    String objcopy = DebianPackage.require("binutils", "/usr/bin/objcopy").toString();
    Path debug = tmp.resolve("prog.debug");
    Path linked = tmp.resolve("prog");
    Command.output(objcopy, "--only-keep-debug", prog.toString(), debug.toString());
    Command.output(objcopy, "--strip-debug", "--add-gnu-debuglink=" + debug, prog.toString(),
        linked.toString());
    var crc = new CRC32();
    crc.update(Files.readAllBytes(debug));
    DebugLink link = ElfFile.open(linked).debugLink().orElseThrow();
    assertThat(link.file()).isEqualTo("prog.debug");
    assertThat(Integer.toUnsignedLong(link.crc32())).isEqualTo(crc.getValue());
  }

  @Test
  void refusesFilesItCannotRead(@TempDir Path tmp) throws IOException {
    Path text = tmp.resolve("script.stp");
    Files.writeString(text, "probe begin { exit() }\n");
    assertThatThrownBy(() -> ElfFile.open(text)).isInstanceOf(ElfException.class)
        .hasMessage(text + ": not an ELF file");
    Path empty = tmp.resolve("empty");
    Files.write(empty, new byte[0]);
    assertThatThrownBy(() -> ElfFile.open(empty)).hasMessageContaining("it is empty");
    byte[] image = Files.readAllBytes(TestPrograms.get("pie"));
    image[4] = 1; // ELFCLASS32
    assertThatThrownBy(() -> ElfFile.of(image, "prog32"))
        .hasMessage("prog32: a 32-bit ELF file; jstap reads 64-bit programs only");
    byte[] arm = Files.readAllBytes(TestPrograms.get("pie"));
    arm[18] = (byte) 183; // EM_AARCH64
    arm[19] = 0;
    ElfFile elf = ElfFile.of(arm, "prog-arm");
    assertThat(elf.machine()).isEqualTo(ElfFile.EM_AARCH64);
    assertThatThrownBy(() -> elf.requireX86_64("the code scan"))
        .hasMessage("prog-arm: the code scan needs an x86-64 program; this one is for AArch64");
  }

  @Test
  void namesTheMissingFile(@TempDir Path tmp) {
    assertThatThrownBy(() -> ElfFile.open(tmp.resolve("nope")))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}

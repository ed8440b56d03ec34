package io.jstap.elf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The decoder walks code exactly as objdump does: same instruction boundaries everywhere. */
class X86DecoderTest {
  static java.util.List<String> variants() {
    return TestPrograms.variants();
  }

  /** Every instruction start of a linear sweep over the executable sections, sorted. */
  static long[] sweep(ElfFile elf) throws ElfException {
    long[] out = new long[1 << 16];
    int n = 0;
    for (ElfSection s : elf.sections()) {
      if (!s.isExecutable() || !s.hasFileBytes()) {
        continue;
      }
      byte[] bytes = elf.contents(s).toArray(ValueLayout.JAVA_BYTE);
      int off = 0;
      while (off < bytes.length) {
        X86Instruction insn = X86Decoder.decode(bytes, off, bytes.length, s.address() + off);
        if (n == out.length) {
          out = Arrays.copyOf(out, n * 2);
        }
        out[n++] = insn.address();
        off += insn.length();
      }
    }
    long[] result = Arrays.copyOf(out, n);
    Arrays.sort(result);
    return result;
  }

  @ParameterizedTest
  @MethodSource("variants")
  void boundariesMatchObjdumpOnTestPrograms(String variant) throws IOException {
    Path file = TestPrograms.get(variant);
    assertSameBoundaries(file);
  }

  static void assertSameBoundaries(Path file) throws IOException {
    assertSameBoundaries(file, Objdump.instructionAddresses(file));
  }

  static void assertSameBoundaries(Path file, long[] theirs) throws IOException {
    long[] ours = sweep(ElfFile.open(file));
    assertThat(theirs.length).isPositive();
    int i = 0;
    int j = 0;
    while (i < ours.length && j < theirs.length) {
      if (ours[i] != theirs[j]) {
        long at = Math.min(ours[i], theirs[j]);
        throw new AssertionError(String.format(
            "%s: boundaries differ near 0x%x (ours 0x%x, objdump 0x%x)", file, at, ours[i],
            theirs[j]));
      }
      i++;
      j++;
    }
    assertThat(ours.length).as("instruction count").isEqualTo(theirs.length);
  }
}

package io.jstap.errno;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ErrnoTableTest {
  private static final Pattern DEFINE =
      Pattern.compile("^#define\\s+(E[A-Z0-9_]+)\\s+([A-Z0-9_]+)", Pattern.MULTILINE);

  /** name -> number or alias target, as the machine's headers define them. */
  private static Map<String, String> headerDefines(String... files) throws IOException {
    var defines = new LinkedHashMap<String, String>();
    for (String f : files) {
      var m = DEFINE.matcher(Files.readString(Path.of(f)));
      while (m.find()) defines.put(m.group(1), m.group(2));
    }
    return defines;
  }

  @Test
  void genericTableEqualsTheAsmGenericHeaders() throws IOException {
    var defines = headerDefines(
        "/usr/include/asm-generic/errno-base.h", "/usr/include/asm-generic/errno.h");
    assertThat(defines).hasSizeGreaterThan(130);
    var table = ErrnoTable.of(Arch.GENERIC);
    for (var e : defines.entrySet()) {
      var code = table.byName(e.getKey());
      assertThat(code).as(e.getKey()).isPresent();
      if (Character.isDigit(e.getValue().charAt(0))) {
        assertThat(code.get().number()).as(e.getKey()).isEqualTo(Integer.parseInt(e.getValue()));
        assertThat(code.get().isAlias()).as(e.getKey()).isFalse();
      } else {
        assertThat(code.get().aliasOf()).as(e.getKey()).isEqualTo(e.getValue());
      }
    }
    // Every user-visible name in the table comes from those headers, or is the C library's
    // ENOTSUP alias (bits/errno.h).
    var userNames = table.codes().stream().filter(c -> !c.kernelInternal()).map(ErrnoCode::name);
    assertThat(userNames).allMatch(n -> defines.containsKey(n) || n.equals("ENOTSUP"));
  }

  @Test
  void enotsupIsTheCLibrarysAliasOfEopnotsupp() throws IOException {
    String bits = Files.readString(Path.of("/usr/include/x86_64-linux-gnu/bits/errno.h"));
    assertThat(bits).containsPattern("define\\s+ENOTSUP\\s+EOPNOTSUPP");
    assertThat(ErrnoTable.of(Arch.GENERIC).byName("enotsup").get().aliasOf()).isEqualTo("EOPNOTSUPP");
  }

  @Test
  void everyDescriptionIsTheCLibrarysStrerrorText() throws Throwable {
    Linker linker = Linker.nativeLinker();
    MethodHandle strerror = linker.downcallHandle(
        linker.defaultLookup().find("strerror").orElseThrow(),
        FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    var table = ErrnoTable.of(Arch.GENERIC);
    int checked = 0;
    for (ErrnoCode c : table.codes()) {
      if (c.kernelInternal()) continue;
      var text = ((MemorySegment) strerror.invokeExact(c.number())).reinterpret(256).getString(0);
      assertThat(c.description()).as(c.name()).isEqualTo(text);
      checked++;
    }
    assertThat(checked).isGreaterThan(130);
  }

  @Test
  void kernelInternalCodesAreKnownAndMarked() {
    var table = ErrnoTable.of(Arch.GENERIC);
    for (int n = 512; n <= 531; n++) {
      if (n == 520) continue; // unused in include/linux/errno.h
      var code = table.byNumber(n);
      assertThat(code).as("errno %d", n).isPresent();
      assertThat(code.get().kernelInternal()).isTrue();
    }
    assertThat(table.byName("ERESTARTSYS").get().number()).isEqualTo(512);
    assertThat(table.byName("ENOTSUPP").get().number()).isEqualTo(524);
    assertThat(table.byNumber(5).get().kernelInternal()).isFalse();
  }

  @Test
  void architecturesNumberSomeCodesDifferently() {
    // Spot checks against arch/*/include/uapi/asm/errno.h.
    assertThat(ErrnoTable.of(Arch.ALPHA).byName("EAGAIN").get().number()).isEqualTo(35);
    assertThat(ErrnoTable.of(Arch.ALPHA).byNumber(11).get().name()).isEqualTo("EDEADLK");
    assertThat(ErrnoTable.of(Arch.MIPS).byName("EDQUOT").get().number()).isEqualTo(1133);
    assertThat(ErrnoTable.of(Arch.MIPS).byName("EDEADLOCK").get().isAlias()).isFalse();
    assertThat(ErrnoTable.of(Arch.PARISC).byName("ENOTSUP").get().number()).isEqualTo(252);
    assertThat(ErrnoTable.of(Arch.PARISC).byName("ECANCELED").get().aliasOf()).isEqualTo("ECANCELLED");
    assertThat(ErrnoTable.of(Arch.SPARC).byName("EDEADLOCK").get().number()).isEqualTo(108);
    assertThat(ErrnoTable.of(Arch.POWERPC).byName("EDEADLOCK").get().number()).isEqualTo(58);
    assertThat(ErrnoTable.of(Arch.GENERIC).byName("EDEADLOCK").get().aliasOf()).isEqualTo("EDEADLK");
    assertThat(ErrnoTable.of(Arch.GENERIC).byName("EINIT")).isEmpty();
    for (Arch a : Arch.values()) {
      assertThat(ErrnoTable.of(a).byName("EIO").get().number()).as(a.name()).isEqualTo(5);
    }
  }

  @Test
  void theRunningMachineIsGeneric() {
    assertThat(Arch.running()).isEqualTo(Arch.GENERIC);
    assertThat(Errno.describe(-5)).isEqualTo("EIO: Input/output error");
    assertThat(Errno.name(9999)).isEqualTo("E#9999");
  }

  @Test
  void typosGetTheNearestNames() {
    var table = ErrnoTable.of(Arch.GENERIC);
    assertThat(table.nearestNames("EIOO", 3)).first().isEqualTo("EIO");
    assertThat(table.nearestNames("ENOENTT", 3)).contains("ENOENT");
    assertThat(table.nearestNames("EACESS", 3)).contains("EACCES");
  }
}

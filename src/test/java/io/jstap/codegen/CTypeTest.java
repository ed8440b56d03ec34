package io.jstap.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jstap.kernel.btf.Btf;
import io.jstap.testing.KernelTest;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Declarations of tracefs format files as C types, with and without the kernel's BTF. */
class CTypeTest {
  @Test
  void plainNumbersAndPointersToNonStructsNeedNoBtf() {
    var asked = new AtomicInteger();
    java.util.function.Supplier<Btf> btf = () -> {
      asked.incrementAndGet();
      return null;
    };
    assertThat(CType.ofDeclaration(btf, "int", 8, false))
        .isEqualTo(new CType.Int(4, true, "int"));
    assertThat(CType.ofDeclaration(btf, "const size_t", 8, false))
        .isEqualTo(new CType.Int(8, false, "const size_t"));
    assertThat(CType.ofDeclaration(btf, "umode_t", 8, false))
        .isEqualTo(new CType.Int(2, false, "umode_t"));
    assertThat(CType.ofDeclaration(btf, "const char *", 8, false))
        .isEqualTo(new CType.Pointer(0, "const char *"));
    assertThat(asked).hasValue(0);
  }

  @Test
  void structPointersAndUnknownNamesAskBtf() {
    var asked = new AtomicInteger();
    java.util.function.Supplier<Btf> btf = () -> {
      asked.incrementAndGet();
      return null;
    };
    // without BTF, the format file's size and sign stand
    assertThat(CType.ofDeclaration(btf, "cap_user_header_t", 8, true))
        .isEqualTo(new CType.Int(8, true, "cap_user_header_t"));
    assertThat(CType.ofDeclaration(btf, "struct stat *", 8, false))
        .isEqualTo(new CType.Pointer(0, "struct stat *"));
    assertThat(asked).hasValue(2);
  }

  /** Every name the table knows has the size and sign the running kernel's BTF gives it. */
  @Test
  @KernelTest
  void fixedTypesAgreeWithTheKernelsBtf() throws IOException {
    assumeTrue(Files.exists(Btf.VMLINUX), "this kernel has no " + Btf.VMLINUX);
    Btf btf = Btf.vmlinux();
    int checked = 0;
    for (Map.Entry<String, CType.Int> e : CType.FIXED.entrySet()) {
      String name = e.getKey();
      var id = btf.find(io.jstap.kernel.btf.BtfKind.INT, name);
      if (id.isEmpty()) id = btf.find(io.jstap.kernel.btf.BtfKind.TYPEDEF, name);
      if (id.isEmpty()) continue; // a spelling C allows that BTF names otherwise ("signed")
      assertThat(CType.of(btf, id.getAsInt())).as(name)
          .isInstanceOfSatisfying(CType.Int.class, i -> {
            assertThat(i.size()).as(name + " size").isEqualTo(e.getValue().size());
            assertThat(i.signed()).as(name + " signed").isEqualTo(e.getValue().signed());
          });
      checked++;
    }
    assertThat(checked).as("names found in BTF").isGreaterThan(25);
  }
}

package io.jstap.kernel.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jstap.testing.Command;
import io.jstap.testing.DebianPackage;
import io.jstap.testing.KernelTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An extract of the running kernel's BTF keeps the layout and spelling of what it holds. */
@KernelTest
class BtfExtractTest {
  @Test
  void keepsLayoutsAndNames(@TempDir Path dir) throws IOException {
    assumeTrue(Files.exists(Btf.VMLINUX), "this kernel has no " + Btf.VMLINUX);
    Btf full = Btf.vmlinux();
    List<String> names = List.of("struct sk_buff", "struct task_struct", "enum skb_drop_reason",
        "u32");
    byte[] bytes = BtfExtract.extract(full, BtfExtract.ids(full, names));
    Btf small = Btf.parse(bytes);
    assertThat(small.typeCount()).isLessThan(full.typeCount() / 10);
    for (String s : List.of("sk_buff", "task_struct")) {
      int a = full.struct(s).orElseThrow().id();
      int b = small.struct(s).orElseThrow().id();
      assertThat(small.sizeOf(b)).isEqualTo(full.sizeOf(a));
      List<Field> fa = full.fields(a);
      List<Field> fb = small.fields(b);
      assertThat(fb).hasSameSizeAs(fa);
      for (int i = 0; i < fa.size(); i++) {
        assertThat(fb.get(i).name()).isEqualTo(fa.get(i).name());
        assertThat(fb.get(i).bitOffset()).isEqualTo(fa.get(i).bitOffset());
        assertThat(fb.get(i).bitfieldSize()).isEqualTo(fa.get(i).bitfieldSize());
        assertThat(small.typeName(fb.get(i).type())).isEqualTo(full.typeName(fa.get(i).type()));
      }
    }
    assertThat(small.enumValues("skb_drop_reason"))
        .isEqualTo(full.enumValues("skb_drop_reason"));
    // struct net_device is only pointed to from sk_buff: declared, not defined
    assertThat(small.struct("net_device")).isEmpty();
    assertThat(small.find(BtfKind.FWD, "net_device")).isPresent();
    // bpftool reads the blob too
    Path file = dir.resolve("extract.btf");
    Files.write(file, bytes);
    String dump = Command.output(DebianPackage.require("bpftool", "/usr/sbin/bpftool").toString(),
        "btf", "dump", "file", file.toString());
    assertThat(dump).contains("STRUCT 'sk_buff' size=" + full.sizeOf(
        full.struct("sk_buff").orElseThrow().id()));
  }
}

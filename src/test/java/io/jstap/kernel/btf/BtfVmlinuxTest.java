package io.jstap.kernel.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jstap.testing.Command;
import io.jstap.testing.DebianPackage;
import io.jstap.testing.KernelTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader against the running kernel's BTF, checked with bpftool and with gcc. */
@KernelTest
class BtfVmlinuxTest {
  private static Btf btf;

  @BeforeAll
  static void read() throws IOException {
    assumeTrue(Files.exists(Btf.VMLINUX), "this kernel has no " + Btf.VMLINUX);
    btf = Btf.vmlinux();
  }

  @Test
  void everyTypeReadsAsBpftoolPrintsIt() {
    Path bpftool = DebianPackage.require("bpftool", "/usr/sbin/bpftool");
    String[] expected = Command.output(bpftool.toString(), "btf", "dump", "file",
        Btf.VMLINUX.toString()).split("\n");
    var actual = new ArrayList<String>(expected.length);
    for (int id = 1; id < btf.typeCount(); id++) {
      actual.addAll(BpftoolRawFormat.lines(btf, id));
    }
    assertThat(btf.typeCount()).isGreaterThan(1000);
    for (int i = 0; i < Math.min(expected.length, actual.size()); i++) {
      assertThat(actual.get(i)).as("line %d of bpftool's dump", i + 1).isEqualTo(expected[i]);
    }
    assertThat(actual).hasSize(expected.length);
  }

  /**
   * gcc lays out the C that bpftool prints from the same BTF: offsets, sizes and enum values
   * computed from the C must equal what the reader finds, through anonymous members too.
   */
  @Test
  void offsetsSizesAndEnumValuesAgreeWithGcc(@TempDir Path dir) throws IOException {
    Path bpftool = DebianPackage.require("bpftool", "/usr/sbin/bpftool");
    Path gcc = DebianPackage.require("gcc", "/usr/bin/gcc");
    Files.writeString(dir.resolve("vmlinux.h"), Command.output(bpftool.toString(), "btf",
        "dump", "file", Btf.VMLINUX.toString(), "format", "c"));
    var expectations = new LinkedHashMap<String, Long>();
    var c = new StringBuilder("#include \"vmlinux.h\"\nint printf(const char *, ...);\n"
        + "int main(void) {\n");
    // Not struct bio: bpftool's C drops the __aligned(4) of the packed struct bvec_iter, so gcc
    // lays bio out 8 bytes longer than the kernel did; the raw comparison covers it.
    for (String struct : List.of("sk_buff", "task_struct", "pt_regs", "sock", "request",
        "file", "mm_struct", "net_device")) {
      int id = btf.struct(struct).orElseThrow().id();
      expectations.put("sizeof(struct " + struct + ")", btf.sizeOf(id));
      for (Field f : btf.fields(id)) {
        if (f.isBitfield() || f.name().isEmpty()) {
          continue;
        }
        assertThat(btf.field(id, f.name())).contains(f);
        expectations.put("__builtin_offsetof(struct " + struct + ", " + f.name() + ")",
            f.byteOffset());
        expectations.put("sizeof(((struct " + struct + " *)0)->" + f.name() + ")",
            btf.sizeOf(f.type()));
      }
    }
    Map<String, Long> reasons = btf.enumValues("skb_drop_reason").orElseThrow();
    assertThat(reasons).containsKeys("SKB_DROP_REASON_NOT_SPECIFIED",
        "SKB_DROP_REASON_NO_SOCKET");
    reasons.forEach((name, value) -> expectations.put("(long long)" + name, value));
    for (String expr : expectations.keySet()) {
      c.append("  printf(\"%lld\\n\", (long long)(").append(expr).append("));\n");
    }
    c.append("  return 0;\n}\n");
    Files.writeString(dir.resolve("layout.c"), c);
    Command.output(gcc.toString(), "-w", "-o", dir.resolve("layout").toString(),
        dir.resolve("layout.c").toString());
    String[] printed = Command.output(dir.resolve("layout").toString()).split("\n");
    assertThat(printed).hasSize(expectations.size());
    int i = 0;
    for (var e : expectations.entrySet()) {
      assertThat(Long.parseLong(printed[i++])).as(e.getKey()).isEqualTo(e.getValue());
    }
  }

  @Test
  void findsMembersInsideAnonymousUnions() {
    int skb = btf.struct("sk_buff").orElseThrow().id();
    // sk_buff.next sits in an anonymous struct inside an anonymous union (include/linux/skbuff.h)
    assertThat(btf.struct("sk_buff").orElseThrow().members())
        .noneMatch(m -> m.name().equals("next"));
    Field next = btf.field(skb, "next").orElseThrow();
    assertThat(next.byteOffset()).isZero();
    assertThat(btf.typeName(next.type())).isEqualTo("struct sk_buff *");
    assertThat(btf.field(skb, "no_such_member")).isEmpty();
    int task = btf.struct("task_struct").orElseThrow().id();
    assertThat(btf.typeName(btf.field(task, "comm").orElseThrow().type())).isEqualTo("char[16]");
    assertThat(btf.declaration(btf.field(task, "comm").orElseThrow().type(), "comm"))
        .isEqualTo("char comm[16]");
  }

  @Test
  void printsCTypeNames() {
    assertThat(btf.typeName(btf.find(BtfKind.INT, "unsigned int").orElseThrow()))
        .isEqualTo("unsigned int");
    int sk = btf.struct("sock").orElseThrow().id();
    // void (*sk_data_ready)(struct sock *)
    Field ready = btf.field(sk, "sk_data_ready").orElseThrow();
    assertThat(btf.typeName(ready.type())).isEqualTo("void (*)(struct sock *)");
    var kfree = btf.function("kfree").orElseThrow();
    assertThat(btf.typeName(kfree.funcId())).isEqualTo("void kfree(const void *)");
    assertThat(btf.typeName(btf.typedef("blk_status_t").orElseThrow().id()))
        .isEqualTo("blk_status_t");
  }

  @Test
  void readsFunctionPrototypesWithParameterNames() {
    FunctionSignature f = btf.function("__bpf_trace_kfree_skb").orElseThrow();
    assertThat(f.params()).extracting(BtfType.Param::name)
        .containsExactly("__data", "skb", "location", "reason", "rx_sk");
    assertThat(btf.typeName(f.params().get(3).type())).isEqualTo("enum skb_drop_reason");
    assertThat(btf.function("no_such_function_anywhere")).isEmpty();
  }

  /** The first lookups scan the records, later ones use the index: the answers agree. */
  @Test
  void lookupsByScanAndByIndexAgree() throws IOException {
    Btf fresh = Btf.vmlinux();
    int checked = 0;
    for (int id = 1; id < fresh.typeCount(); id += 397) {
      String name = fresh.name(id);
      if (name.isEmpty()) {
        continue;
      }
      BtfKind kind = fresh.kind(id);
      int expected = java.util.Arrays.stream(btf.findAll(name))
          .filter(i -> btf.kind(i) == kind).min().orElseThrow();
      assertThat(fresh.find(kind, name)).as("%s %s", kind, name).hasValue(expected);
      checked++;
    }
    assertThat(checked).isGreaterThan(100);
    assertThat(fresh.find(BtfKind.STRUCT, "no_such_struct_anywhere")).isEmpty();
  }

  @Test
  void findsEveryTypeOfAName() {
    // struct sk_buff and its forward declaration, if any, share the name; kinds tell them apart
    int[] all = btf.findAll("sk_buff");
    assertThat(all).contains(btf.struct("sk_buff").orElseThrow().id());
    for (int id : all) {
      assertThat(btf.name(id)).isEqualTo("sk_buff");
    }
    assertThat(btf.findByPrefix(BtfKind.TYPEDEF, "btf_trace_")).hasSizeGreaterThan(100);
  }
}

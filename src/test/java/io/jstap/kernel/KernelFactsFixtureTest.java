package io.jstap.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstap.kernel.btf.Btf;
import io.jstap.kernel.btf.Field;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed fixture of a 6.18 x86_64 kernel (written by KernelFixtureWriter) stands in for
 * the kernel: the numbers below are that kernel's, as bpftool and gcc saw them.
 */
class KernelFactsFixtureTest {
  static Path fixtureDir() {
    try {
      return Path.of(KernelFactsFixtureTest.class.getResource("/kernel/6.18-x86_64").toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  private static KernelFacts facts;

  @BeforeAll
  static void load() throws IOException {
    facts = KernelFacts.fixture(fixtureDir());
  }

  @Test
  void knowsTheKernel() {
    assertThat(facts.release()).isEqualTo("6.18.44-fc-v657");
    assertThat(facts.machine()).isEqualTo("x86_64");
    assertThat(facts.possibleCpus()).isEqualTo(2);
  }

  @Test
  void hasTheTypesWithTheirLayout() {
    Btf btf = facts.btf();
    int skb = btf.struct("sk_buff").orElseThrow().id();
    assertThat(btf.field(skb, "len").orElseThrow().byteOffset()).isEqualTo(112);
    assertThat(btf.typeName(btf.field(skb, "dev").orElseThrow().type()))
        .isEqualTo("struct net_device *");
    int task = btf.struct("task_struct").orElseThrow().id();
    Field comm = btf.field(task, "comm").orElseThrow();
    assertThat(comm.byteOffset()).isEqualTo(1752);
    assertThat(btf.typeName(comm.type())).isEqualTo("char[16]");
    assertThat(btf.sizeOf(task)).isEqualTo(3264);
    assertThat(btf.enumValues("skb_drop_reason").orElseThrow())
        .containsEntry("SKB_DROP_REASON_NOT_SPECIFIED", 2L)
        .containsEntry("SKB_DROP_REASON_NO_SOCKET", 3L);
    // task_struct's "const struct cred *cred" only points to cred: declared, not defined
    Field cred = btf.field(task, "cred").orElseThrow();
    assertThat(btf.typeName(cred.type())).isEqualTo("const struct cred *");
    assertThat(btf.struct("cred")).isEmpty();
    assertThat(btf.find(io.jstap.kernel.btf.BtfKind.FWD, "cred")).isPresent();
  }

  @Test
  void hasTracepointsWithSubsystemsAndArguments() {
    TracepointCatalogue tps = facts.tracepoints();
    assertThat(tps.names()).contains(new TracepointName("skb", "kfree_skb"),
        new TracepointName("block", "block_rq_error"),
        new TracepointName("raw_syscalls", "sys_enter"));
    assertThat(tps.names()).noneMatch(n -> n.subsystem().isEmpty());
    Tracepoint kfree = tps.find("skb", "kfree_skb").orElseThrow();
    assertThat(kfree.name()).isEqualTo(new TracepointName("skb", "kfree_skb"));
    assertThat(kfree.arguments()).extracting(TracepointArgument::name)
        .containsExactly("skb", "location", "reason", "rx_sk");
    assertThat(kfree.arguments()).extracting(TracepointArgument::typeName)
        .containsExactly("struct sk_buff *", "void *", "enum skb_drop_reason", "struct sock *");
    assertThat(tps.find("block", "block_rq_error").orElseThrow().arguments())
        .extracting(TracepointArgument::name).containsExactly("rq", "error", "nr_bytes");
    assertThat(tps.find("raw_syscalls", "sys_enter").orElseThrow().arguments())
        .extracting(TracepointArgument::typeName).containsExactly("struct pt_regs *", "long int");
    assertThat(tps.find("skb", "no_such_event")).isEmpty();
  }

  @Test
  void answersFeatureQuestions() {
    assertThat(facts.features().status("ring_buffer").available()).isTrue();
    var kprobes = facts.features().status("kprobes");
    assertThat(kprobes.available()).isFalse();
    assertThat(kprobes.reason()).contains("CONFIG_KPROBES");
    assertThat(facts.features().status("something_else").available()).isFalse();
  }

  @Test
  void resolvesKernelSymbols() {
    Kallsyms k = facts.kallsyms();
    long udp = k.address("udp_queue_rcv_one_skb").orElseThrow();
    assertThat(k.resolve(udp + 0x1b4).orElseThrow()).hasToString("udp_queue_rcv_one_skb+0x1b4");
  }

  @Test
  void saysWhatIsWrongWithABrokenFixture(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("kernel.properties"), "release=1\nmachine=x86_64\n");
    Files.copy(fixtureDir().resolve("vmlinux.btf"), dir.resolve("vmlinux.btf"));
    assertThatThrownBy(() -> KernelFacts.fixture(dir))
        .hasMessageEndingWith("kernel.properties: possible_cpus is missing");
    Files.writeString(dir.resolve("kernel.properties"),
        "release=1\nmachine=x86_64\npossible_cpus=0-1\n");
    KernelFacts noKallsyms = KernelFacts.fixture(dir);
    assertThatThrownBy(noKallsyms::kallsyms).isInstanceOf(KernelFactsException.class)
        .hasMessageContaining("has no kallsyms file");
  }

  @Test
  void countsCpuLists() throws IOException {
    assertThat(KernelFacts.countCpus("0-1", "x")).isEqualTo(2);
    assertThat(KernelFacts.countCpus("0", "x")).isEqualTo(1);
    assertThat(KernelFacts.countCpus("0-3,8,10-11", "x")).isEqualTo(7);
    assertThatThrownBy(() -> KernelFacts.countCpus("zero", "possible"))
        .hasMessage("possible: 'zero' is not a CPU list");
  }
}

package io.jstap.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.testing.Command;
import io.jstap.testing.KernelTest;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

@KernelTest
class KernelFactsLiveTest {
  @Test
  void readsTheRunningKernel() throws IOException {
    KernelFacts facts = KernelFacts.live(() -> KernelFeatures.of(Map.of()), null);
    assertThat(facts.release()).isEqualTo(Command.output("uname", "-r").strip());
    assertThat(facts.machine()).isEqualTo(Command.output("uname", "-m").strip());
    assertThat(facts.possibleCpus()).isGreaterThanOrEqualTo(
        Integer.parseInt(Command.output("nproc", "--all").strip()));
    assertThat(facts.btf().struct("task_struct")).isPresent();
    assertThat(facts.tracepoints().find("skb", "kfree_skb").orElseThrow().arguments())
        .isNotEmpty();
    assertThat(facts.kallsyms().address("schedule")).isPresent();
    // one BTF, read once
    assertThat(facts.btf()).isSameAs(facts.btf());
  }
}

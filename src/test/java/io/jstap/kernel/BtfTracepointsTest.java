package io.jstap.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jstap.kernel.btf.Btf;
import io.jstap.testing.Command;
import io.jstap.testing.KernelTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Raw tracepoint arguments from the running kernel's BTF. The expected names are the TP_PROTO
 * parameters in include/trace/events/skb.h and block.h; the tracefs format files list the
 * record fields, of which the arguments the kernel copies unchanged keep their names.
 */
@KernelTest
class BtfTracepointsTest {
  private static final Path TRACING = Path.of("/sys/kernel/tracing");
  private static Btf btf;
  private static BtfTracepoints tracepoints;
  private static boolean mountedHere;

  @BeforeAll
  static void setUp() throws IOException {
    assumeTrue(Files.exists(Btf.VMLINUX), "this kernel has no " + Btf.VMLINUX);
    btf = Btf.vmlinux();
    tracepoints = new BtfTracepoints(btf);
    if (!Files.exists(TRACING.resolve("events"))) {
      Command.output("mount", "-t", "tracefs", "nodev", TRACING.toString());
      mountedHere = true;
    }
  }

  @AfterAll
  static void unmount() {
    if (mountedHere) {
      Command.output("umount", TRACING.toString());
    }
  }

  @Test
  void kfreeSkbHasNamedTypedArguments() throws IOException {
    Tracepoint tp = tracepoints.find("skb", "kfree_skb").orElseThrow();
    assertThat(tp.arguments()).extracting(TracepointArgument::name)
        .containsExactly("skb", "location", "reason", "rx_sk");
    assertThat(tp.arguments()).extracting(TracepointArgument::typeName)
        .containsExactly("struct sk_buff *", "void *", "enum skb_drop_reason", "struct sock *");
    assertThat(tp.arguments()).extracting(TracepointArgument::index).containsExactly(0, 1, 2, 3);
    assertThat(tp.origin()).contains("__probestub_kfree_skb");
    assertThat(formatFields("skb", "kfree_skb")).contains("location", "reason", "rx_sk");
  }

  @Test
  void blockRqErrorSharesItsClassButKeepsItsNames() throws IOException {
    Tracepoint tp = tracepoints.find("block", "block_rq_error").orElseThrow();
    assertThat(tp.arguments()).extracting(TracepointArgument::name)
        .containsExactly("rq", "error", "nr_bytes");
    assertThat(tp.arguments()).extracting(TracepointArgument::typeName)
        .containsExactly("struct request *", "blk_status_t", "unsigned int");
    // DEFINE_EVENT(block_rq_completion, block_rq_error, ...): no class function of its own.
    assertThat(btf.function("__bpf_trace_block_rq_error")).isEmpty();
    assertThat(btf.function("__bpf_trace_block_rq_completion").orElseThrow().params())
        .hasSize(4);
    assertThat(formatFields("block", "block_rq_error")).contains("error");
  }

  @Test
  void everyBtfTracepointGetsNamesFromTheKernel() {
    List<TracepointName> names = tracepoints.names();
    assertThat(names).hasSizeGreaterThan(500).contains(new TracepointName("", "kfree_skb"));
    var positional = new ArrayList<String>();
    for (TracepointName n : names) {
      Tracepoint tp = tracepoints.find("", n.event()).orElseThrow();
      if (tp.origin().contains("no parameter names")) {
        positional.add(n.event());
      }
    }
    assertThat(positional).isEmpty();
  }

  @Test
  void argumentNamesMatchTheClassFunctionOfSharedClasses() {
    // __probestub_E, __traceiter_E and __bpf_trace_<class> all repeat TP_PROTO's names.
    Tracepoint complete = tracepoints.find("block", "block_rq_complete").orElseThrow();
    Tracepoint error = tracepoints.find("block", "block_rq_error").orElseThrow();
    assertThat(complete.arguments()).isEqualTo(error.arguments());
  }

  @Test
  void unknownTracepointsAreEmpty() {
    assertThat(tracepoints.find("skb", "no_such_event")).isEmpty();
    // syscalls:* are synthesized from raw_syscalls and have no raw tracepoint of their own
    assertThat(tracepoints.find("syscalls", "sys_enter_openat")).isEmpty();
  }

  private static List<String> formatFields(String subsystem, String event) throws IOException {
    Path format = TRACING.resolve("events").resolve(subsystem).resolve(event).resolve("format");
    var fields = new ArrayList<String>();
    for (String line : Files.readAllLines(format)) {
      line = line.strip();
      if (line.startsWith("field:")) {
        String decl = line.substring(6, line.indexOf(';'));
        String name = decl.substring(decl.lastIndexOf(' ') + 1).replaceAll("\\[.*", "");
        fields.add(name);
      }
    }
    return fields;
  }
}

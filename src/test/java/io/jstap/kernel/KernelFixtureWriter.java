package io.jstap.kernel;

import io.jstap.kernel.btf.Btf;
import io.jstap.kernel.btf.BtfExtract;
import io.jstap.kernel.btf.BtfKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a kernel-facts fixture folder (see {@link KernelFacts#fixture}) from the running
 * kernel: a BTF extract of the types and tracepoints the compiler's tests use, their names with
 * subsystems from tracefs, and a kallsyms extract. Run as root with tracefs mounted:
 *
 * <pre>
 * java -cp target/classes:target/test-classes io.jstap.kernel.KernelFixtureWriter \
 *     src/test/resources/kernel/NAME
 * </pre>
 */
public final class KernelFixtureWriter {
  /** Types the compiler's tests refer to by name. */
  static final List<String> TYPES = List.of("struct sk_buff", "struct task_struct",
      "struct pt_regs", "struct sock", "struct request", "struct file", "struct net_device",
      "enum skb_drop_reason", "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "pid_t",
      "size_t", "blk_status_t");
  /** Tracepoints whose arguments the tests use. */
  static final List<String> EVENTS = List.of("kfree_skb", "consume_skb", "block_rq_error",
      "block_rq_complete", "block_rq_issue", "sched_switch", "sched_process_exec",
      "sched_process_exit", "sys_enter", "sys_exit", "net_dev_xmit");
  /** Kernel symbols the tests resolve (each with the line after it, which bounds it). */
  static final List<String> SYMBOLS = List.of("_text", "udp_queue_rcv_one_skb",
      "sk_skb_reason_drop", "tcp_v4_rcv", "__netif_receive_skb_core", "schedule",
      "do_sys_openat2", "blk_mq_end_request");

  private KernelFixtureWriter() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: KernelFixtureWriter OUTPUT-FOLDER");
      System.exit(2);
    }
    write(Path.of(args[0]), Path.of("/sys/kernel/tracing"));
  }

  static void write(Path out, Path tracing) throws IOException {
    Files.createDirectories(out);
    Btf btf = Btf.vmlinux();
    var roots = new LinkedHashSet<Integer>();
    for (int id : BtfExtract.ids(btf, TYPES)) {
      roots.add(id);
    }
    var tracepoints = new ArrayList<String>();
    for (String event : EVENTS) {
      roots.add(btf.find(BtfKind.TYPEDEF, "btf_trace_" + event).orElseThrow());
      for (String prefix : List.of("__probestub_", "__traceiter_", "__bpf_trace_")) {
        btf.find(BtfKind.FUNC, prefix + event).ifPresent(roots::add);
      }
      tracepoints.add(subsystemOf(tracing, event) + ":" + event);
    }
    // the class function block_rq_error shares, for the class fallback
    roots.add(btf.find(BtfKind.FUNC, "__bpf_trace_block_rq_completion").orElseThrow());
    byte[] extract = BtfExtract.extract(btf,
        roots.stream().mapToInt(Integer::intValue).toArray());
    Files.write(out.resolve("vmlinux.btf"), extract);
    tracepoints.sort(null);
    Files.write(out.resolve("tracepoints"), tracepoints);

    List<String> lines = Files.readAllLines(Kallsyms.PROC_KALLSYMS);
    var kept = new LinkedHashSet<String>();
    for (int i = 0; i < lines.size(); i++) {
      String name = lines.get(i).split("[ \t]+")[2];
      if (SYMBOLS.contains(name)) {
        kept.add(lines.get(i));
        if (i + 1 < lines.size()) {
          kept.add(lines.get(i + 1));
        }
      }
    }
    Files.write(out.resolve("kallsyms"), kept);

    String props = """
        # Facts of the kernel the compiler's tests compile for, written by KernelFixtureWriter
        release=%s
        machine=%s
        possible_cpus=%s
        feature.ring_buffer=yes
        feature.raw_tracepoints=yes
        feature.kprobes=no kprobes are not supported by this kernel (CONFIG_KPROBES is off)
        feature.fentry=no BPF trampolines are not supported by this kernel
        """.formatted(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip(),
        Files.readString(Path.of("/proc/sys/kernel/arch")).strip(),
        Files.readString(Path.of("/sys/devices/system/cpu/possible")).strip());
    Files.writeString(out.resolve("kernel.properties"), props);
  }

  private static String subsystemOf(Path tracing, String event) throws IOException {
    try (Stream<Path> systems = Files.list(tracing.resolve("events"))) {
      return systems.filter(d -> Files.isDirectory(d.resolve(event)))
          .map(d -> d.getFileName().toString()).findFirst()
          .orElseThrow(() -> new IOException("no tracefs event " + event + " (is tracefs"
              + " mounted at " + tracing + "?)"));
    }
  }
}

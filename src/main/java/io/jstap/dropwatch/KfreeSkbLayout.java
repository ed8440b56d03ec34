package io.jstap.dropwatch;

import io.jstap.kernel.BtfTracepoints;
import io.jstap.kernel.Tracepoint;
import io.jstap.kernel.TracepointArgument;
import io.jstap.kernel.btf.Btf;
import io.jstap.kernel.btf.Field;
import java.util.Optional;

/**
 * Where the drop programs find what they read, in the running kernel: the positions of
 * {@code skb}, {@code location} and {@code reason} among the {@code kfree_skb} tracepoint's
 * arguments (a raw tracepoint program sees them as {@code u64 args[]}), and the byte offsets of
 * the {@code struct sk_buff} and {@code struct net_device} members that packet mode reads. All of
 * them come from the kernel's BTF, as they move between kernels and configurations.
 *
 * @param skbArg index of {@code struct sk_buff *skb}
 * @param locationArg index of {@code void *location}, the return address of the freeing call
 * @param reasonArg index of {@code enum skb_drop_reason reason}, or -1 on kernels before 5.17,
 *     whose tracepoint has no reason
 * @param skbLen offset of {@code sk_buff.len} (u32)
 * @param skbProtocol offset of {@code sk_buff.protocol} (__be16, the ethertype)
 * @param skbNetworkHeader offset of {@code sk_buff.network_header} (u16, from {@code head})
 * @param skbHead offset of {@code sk_buff.head} (pointer)
 * @param skbDev offset of {@code sk_buff.dev} (pointer, may be NULL)
 * @param devIfindex offset of {@code net_device.ifindex} (int)
 * @param devName offset of {@code net_device.name} (char[16], IFNAMSIZ)
 */
public record KfreeSkbLayout(
    int skbArg,
    int locationArg,
    int reasonArg,
    int skbLen,
    int skbProtocol,
    int skbNetworkHeader,
    int skbHead,
    int skbDev,
    int devIfindex,
    int devName) {

  /** The raw tracepoint dropwatch attaches to (include/trace/events/skb.h). */
  public static final String TRACEPOINT = "kfree_skb";

  /** Reads the layout from a kernel's BTF; a missing piece is a {@link DropwatchException}. */
  public static KfreeSkbLayout of(Btf btf) {
    Tracepoint tp =
        new BtfTracepoints(btf)
            .find("skb", TRACEPOINT)
            .orElseThrow(
                () ->
                    new DropwatchException(
                        "this kernel has no skb:kfree_skb tracepoint (no btf_trace_kfree_skb in its"
                            + " BTF), so jstap cannot see packet drops here; it needs a kernel built"
                            + " with CONFIG_TRACEPOINTS and CONFIG_NET (every distribution kernel has both)"));
    int skb = argument(tp, "skb").orElseThrow(() -> missingArgument("skb"));
    int location = argument(tp, "location").orElseThrow(() -> missingArgument("location"));
    int reason = argument(tp, "reason").orElse(-1);
    int skbStruct =
        btf.struct("sk_buff").orElseThrow(() -> missingType("struct sk_buff")).id();
    int devStruct =
        btf.struct("net_device").orElseThrow(() -> missingType("struct net_device")).id();
    return new KfreeSkbLayout(
        skb,
        location,
        reason,
        member(btf, skbStruct, "sk_buff", "len"),
        member(btf, skbStruct, "sk_buff", "protocol"),
        member(btf, skbStruct, "sk_buff", "network_header"),
        member(btf, skbStruct, "sk_buff", "head"),
        member(btf, skbStruct, "sk_buff", "dev"),
        member(btf, devStruct, "net_device", "ifindex"),
        member(btf, devStruct, "net_device", "name"));
  }

  /** Whether the kernel says why it drops (the tracepoint's reason argument, Linux 5.17+). */
  public boolean hasReason() {
    return reasonArg >= 0;
  }

  private static Optional<Integer> argument(Tracepoint tp, String name) {
    for (TracepointArgument a : tp.arguments()) {
      if (a.name().equals(name)) return Optional.of(a.index());
    }
    return Optional.empty();
  }

  private static int member(Btf btf, int struct, String structName, String name) {
    Field f =
        btf.field(struct, name)
            .orElseThrow(() -> missingType("member " + name + " of struct " + structName));
    if (f.isBitfield() || f.bitOffset() % 8 != 0) {
      throw new DropwatchException(
          "struct " + structName + "." + name + " is a bitfield in this kernel's BTF; dropwatch"
              + " reads it as a whole field and cannot run on this kernel");
    }
    return Math.toIntExact(f.byteOffset());
  }

  private static DropwatchException missingArgument(String name) {
    return new DropwatchException(
        "the kfree_skb tracepoint of this kernel has no '" + name + "' argument in its BTF;"
            + " dropwatch does not know how to read it");
  }

  private static DropwatchException missingType(String what) {
    return new DropwatchException(
        "this kernel's BTF has no " + what + "; dropwatch needs it to read dropped packets");
  }
}

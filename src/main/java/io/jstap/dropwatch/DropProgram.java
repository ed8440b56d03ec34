package io.jstap.dropwatch;

import static io.jstap.bpf.Reg.R0;
import static io.jstap.bpf.Reg.R1;
import static io.jstap.bpf.Reg.R10;
import static io.jstap.bpf.Reg.R2;
import static io.jstap.bpf.Reg.R3;
import static io.jstap.bpf.Reg.R4;
import static io.jstap.bpf.Reg.R6;
import static io.jstap.bpf.Reg.R7;
import static io.jstap.bpf.Reg.R8;
import static io.jstap.bpf.Reg.R9;

import io.jstap.bpf.Alu;
import io.jstap.bpf.Assembler;
import io.jstap.bpf.Atomic;
import io.jstap.bpf.AtomicOp;
import io.jstap.bpf.Call;
import io.jstap.bpf.Exit;
import io.jstap.bpf.Helpers;
import io.jstap.bpf.Jump;
import io.jstap.bpf.Label;
import io.jstap.bpf.Load;
import io.jstap.bpf.LoadImm64;
import io.jstap.bpf.MapSpec;
import io.jstap.bpf.MapType;
import io.jstap.bpf.ProgramSpec;
import io.jstap.bpf.ProgramType;
import io.jstap.bpf.Reg;
import io.jstap.bpf.RingBufferOutput;
import io.jstap.bpf.Size;
import io.jstap.bpf.Store;
import io.jstap.bpf.StoreImm;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The drop monitor's kernel side: its maps and the raw {@code kfree_skb} tracepoint program,
 * assembled by hand for the running kernel's {@link KfreeSkbLayout}.
 *
 * <p>Every drop bumps a per-CPU hash keyed by (location, reason): in the common case, with no
 * filter and no packet mode, that is three argument loads, one flag test, one lookup and one
 * add. A one-element array, {@value #CONFIG}, switches filters and packet mode while the program
 * stays attached (the program reads it through a direct map-value pointer, no helper call);
 * packet mode also reads the packet's details with bpf_probe_read_kernel and writes one
 * ring-buffer record per drop, at most {@code rate} per second. Whatever is not counted or not
 * sent is counted in {@value #STATS}, so nothing is lost silently.
 */
public final class DropProgram {
  private DropProgram() {}

  public static final String COUNTS = "dw_counts";
  public static final String CONFIG = "dw_config";
  public static final String RATE = "dw_rate";
  public static final String STATS = "dw_stats";
  public static final String RING = "dw_ring";
  public static final String LOST = "dw_lost";
  public static final String PROGRAM = "dropwatch";

  /** Distinct (location, reason) pairs counted; a kernel has a few hundred drop sites. */
  public static final int MAX_KEYS = 16384;
  /**
   * BPF_F_NO_PREALLOC: entries are allocated when a site first drops (a rare event) instead of
   * all 16384 at creation, which took 23 ms here.
   */
  private static final int NO_PREALLOC = 1;
  /** Ring buffer data area: ~27,000 packet records, over a second of the default rate limit many times over. */
  public static final int RING_BYTES = 4 << 20;

  // the count key: u64 location, u32 reason, u32 zero padding
  public static final int KEY_SIZE = 16;

  // config value layout (little-endian like the program's loads)
  static final int CFG_FLAGS = 0;
  static final int CFG_RATE = 4;
  static final int CFG_REASON_COUNT = 8;
  static final int CFG_ETHERTYPE_COUNT = 12;
  static final int CFG_IPPROTO_COUNT = 16;
  static final int CFG_REASONS = 24; // u32[8]
  static final int CFG_ETHERTYPES = 56; // __be16[4], as sk_buff.protocol holds them
  static final int CFG_IPPROTOS = 64; // u8[4]
  static final int CONFIG_SIZE = 72;

  static final int FLAG_PACKETS = 1;
  static final int FLAG_REASONS = 2;
  static final int FLAG_PROTOCOLS = 4;

  /** Indexes of the per-CPU counters in {@value #STATS}. */
  public static final int STAT_NOT_COUNTED = 0;
  public static final int STAT_RATE_LIMITED = 1;
  public static final int STAT_FILTERED = 2;
  static final int STAT_ENTRIES = 3;

  // packet record layout (what DropPacket decodes)
  static final int REC_TIME = 0; // u64 CLOCK_MONOTONIC ns
  static final int REC_LOCATION = 8; // u64
  static final int REC_REASON = 16; // u32
  static final int REC_PID = 20; // u32 thread group id
  static final int REC_TID = 24; // u32 thread id
  static final int REC_LEN = 28; // u32 sk_buff.len
  static final int REC_PROTOCOL = 32; // __be16 sk_buff.protocol
  static final int REC_NETWORK_HEADER = 34; // u16 sk_buff.network_header
  static final int REC_IFINDEX = 36; // s32 net_device.ifindex
  static final int REC_FLAGS = 40; // u32 REC_FLAG_*
  static final int REC_IFNAME = 48; // char[16]
  static final int REC_COMM = 64; // char[16]
  static final int REC_HEADER = 80; // the first HEADER_BYTES bytes at the network header
  static final int HEADER_BYTES = 64;
  public static final int RECORD_SIZE = 144;
  static final int REC_FLAG_DEV = 1;
  static final int REC_FLAG_HEADER = 2;

  // stack slots, from r10
  private static final int KEY = -16;
  private static final int ONE = -24;
  private static final int STAT_KEY = -28;
  private static final int REC = -176;
  private static final int HEAD = -184;
  private static final int DEV = -192;
  private static final int BYTE = -200;
  private static final int LOST_KEY = -204;

  /** BPF_NOEXIST (include/uapi/linux/bpf.h). */
  private static final int NOEXIST = 1;
  /** A rate-limit window, in ns. */
  private static final int SECOND = 1_000_000_000;

  /** The maps the program uses. */
  public static List<MapSpec> maps() {
    return List.of(
        new MapSpec(COUNTS, MapType.PERCPU_HASH, KEY_SIZE, 8, MAX_KEYS, NO_PREALLOC),
        MapSpec.array(CONFIG, CONFIG_SIZE, 1),
        MapSpec.array(RATE, 16, 1),
        MapSpec.perCpuArray(STATS, 8, STAT_ENTRIES),
        MapSpec.ringBuffer(RING, RING_BYTES),
        RingBufferOutput.lostCounterSpec(LOST));
  }

  /** The config map's value for these settings. */
  public static byte[] config(DropFilter filter, boolean packets, int ratePerSecond) {
    ByteBuffer b = ByteBuffer.allocate(CONFIG_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    int flags = (packets ? FLAG_PACKETS : 0)
        | (filter.reasons().isEmpty() ? 0 : FLAG_REASONS)
        | (filter.protocols().isEmpty() ? 0 : FLAG_PROTOCOLS);
    b.putInt(CFG_FLAGS, flags);
    b.putInt(CFG_RATE, ratePerSecond);
    b.putInt(CFG_REASON_COUNT, filter.reasons().size());
    b.putInt(CFG_ETHERTYPE_COUNT, filter.ethertypes().size());
    b.putInt(CFG_IPPROTO_COUNT, filter.ipProtocols().size());
    for (int i = 0; i < filter.reasons().size(); i++) {
      b.putInt(CFG_REASONS + 4 * i, (int) (long) filter.reasons().get(i));
    }
    for (int i = 0; i < filter.ethertypes().size(); i++) {
      b.order(ByteOrder.BIG_ENDIAN).putShort(CFG_ETHERTYPES + 2 * i, (short) (int) filter.ethertypes().get(i));
    }
    b.order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < filter.ipProtocols().size(); i++) {
      b.put(CFG_IPPROTOS + i, (byte) (int) filter.ipProtocols().get(i));
    }
    return b.array();
  }

  /** The raw tracepoint program for a kernel of this layout. */
  public static ProgramSpec program(KfreeSkbLayout layout) {
    var asm = new Assembler();
    Label reasonFilter = new Label("reason_filter");
    Label protocols = new Label("protocols");
    Label protocolFilter = new Label("protocol_filter");
    Label ipProtocol = new Label("ip_protocol");
    Label headerOffset = new Label("header_offset");
    Label filtered = new Label("filtered");
    Label count = new Label("count");
    Label insert = new Label("insert");
    Label full = new Label("table_full");
    Label counted = new Label("counted");
    Label packet = new Label("packet");
    Label inWindow = new Label("in_window");
    Label emit = new Label("emit");
    Label noDevice = new Label("no_device");
    Label output = new Label("output");
    Label out = new Label("out");

    // r7 = location, r8 = reason, r6 = skb, r9 = &config; r1 = config.flags
    asm.at("arguments").emit(Load.u64(R7, R1, 8 * layout.locationArg()));
    if (layout.hasReason()) {
      asm.emit(Load.u64(R8, R1, 8 * layout.reasonArg()), Alu.mov32(R8, R8));
    } else {
      asm.emit(Alu.mov(R8, 0));
    }
    asm.emit(
        Load.u64(R6, R1, 8 * layout.skbArg()),
        LoadImm64.mapValue(R9, CONFIG, 0),
        Load.u32(R1, R9, CFG_FLAGS),
        Jump.ifEqual(R1, 0, count),
        Jump.ifBitsSet(R1, FLAG_REASONS, reasonFilter),
        Jump.to(protocols));

    // the reason is one of config.reasons[0 .. reason count)
    asm.at("reason filter").bind(reasonFilter).emit(Load.u32(R2, R9, CFG_REASON_COUNT));
    for (int i = 0; i < DropFilter.MAX_REASONS; i++) {
      asm.emit(
          Jump.ifEqual(R2, i, filtered),
          Load.u32(R3, R9, CFG_REASONS + 4 * i),
          Jump.ifEqual(R8, R3, protocols));
    }
    asm.emit(Jump.to(filtered));

    // the ethertype is listed, or the IP header's protocol is
    asm.at("protocol filter").bind(protocols).emit(
        Load.u32(R1, R9, CFG_FLAGS),
        Jump.ifBitsSet(R1, FLAG_PROTOCOLS, protocolFilter),
        Jump.to(count));
    asm.bind(protocolFilter);
    probeRead(asm, REC + REC_PROTOCOL, 2, R6, layout.skbProtocol());
    probeRead(asm, REC + REC_NETWORK_HEADER, 2, R6, layout.skbNetworkHeader());
    probeRead(asm, HEAD, 8, R6, layout.skbHead());
    asm.emit(Load.of(Size.H, R2, R10, REC + REC_PROTOCOL), Load.u32(R3, R9, CFG_ETHERTYPE_COUNT));
    for (int i = 0; i < DropFilter.MAX_ETHERTYPES; i++) {
      asm.emit(
          Jump.ifEqual(R3, i, ipProtocol),
          Load.of(Size.H, R4, R9, CFG_ETHERTYPES + 2 * i),
          Jump.ifEqual(R2, R4, count));
    }
    // IPv4's protocol is byte 9 of its header, IPv6's next header byte 6 (RFC 791, RFC 8200)
    asm.bind(ipProtocol).emit(
        Load.u32(R3, R9, CFG_IPPROTO_COUNT),
        Jump.ifEqual(R3, 0, filtered),
        Alu.mov(R4, 9),
        Jump.ifEqual(R2, networkOrder(Protocols.ETH_P_IP), headerOffset),
        Alu.mov(R4, 6),
        Jump.ifEqual(R2, networkOrder(Protocols.ETH_P_IPV6), headerOffset),
        Jump.to(filtered));
    asm.bind(headerOffset).emit(
        Load.u64(R3, R10, HEAD),
        Jump.ifEqual(R3, 0, filtered),
        Load.of(Size.H, R1, R10, REC + REC_NETWORK_HEADER),
        Alu.add(R3, R1),
        Alu.add(R3, R4),
        Alu.mov(R1, R10),
        Alu.add(R1, BYTE),
        Alu.mov(R2, 1),
        Call.helper(Helpers.PROBE_READ_KERNEL),
        Jump.ifNotEqual(R0, 0, filtered),
        Load.of(Size.B, R2, R10, BYTE),
        Load.u32(R3, R9, CFG_IPPROTO_COUNT));
    for (int i = 0; i < DropFilter.MAX_IP_PROTOCOLS; i++) {
      asm.emit(
          Jump.ifEqual(R3, i, filtered),
          Load.of(Size.B, R4, R9, CFG_IPPROTOS + i),
          Jump.ifEqual(R2, R4, count));
    }
    asm.emit(Jump.to(filtered));

    asm.at("filtered").bind(filtered);
    countStat(asm, STAT_FILTERED);
    asm.emit(Jump.to(out));

    // counts[{location, reason}] += 1; a new key is inserted, and when another CPU inserted it
    // first (EEXIST) looked up again; a full table is counted as such
    asm.at("count").bind(count).emit(
        Store.u64(R10, KEY, R7),
        Store.of(Size.W, R10, KEY + 8, R8),
        StoreImm.of(Size.W, R10, KEY + 12, 0));
    lookupKey(asm);
    asm.emit(
        Jump.ifEqual(R0, 0, insert),
        Alu.mov(R1, 1),
        Atomic.add64(R0, 0, R1),
        Jump.to(counted));
    asm.bind(insert).emit(
        StoreImm.of(Size.DW, R10, ONE, 1),
        LoadImm64.map(R1, COUNTS),
        Alu.mov(R2, R10),
        Alu.add(R2, KEY),
        Alu.mov(R3, R10),
        Alu.add(R3, ONE),
        Alu.mov(R4, NOEXIST),
        Call.helper(Helpers.MAP_UPDATE_ELEM),
        Jump.ifEqual(R0, 0, counted));
    lookupKey(asm);
    asm.emit(
        Jump.ifEqual(R0, 0, full),
        Alu.mov(R1, 1),
        Atomic.add64(R0, 0, R1),
        Jump.to(counted));
    asm.bind(full);
    countStat(asm, STAT_NOT_COUNTED);

    asm.at("packet mode").bind(counted).emit(
        Load.u32(R1, R9, CFG_FLAGS),
        Jump.ifBitsSet(R1, FLAG_PACKETS, packet),
        Jump.to(out));

    // at most config.rate records per second: a shared window start and count (a race at the
    // window's turn lets a few more through, never fewer)
    asm.at("rate limit").bind(packet).emit(
        Load.u32(R1, R9, CFG_RATE),
        Jump.ifEqual(R1, 0, emit),
        Call.helper(Helpers.KTIME_GET_NS),
        LoadImm64.mapValue(R1, RATE, 0),
        Load.u64(R2, R1, 0),
        Alu.mov(R3, R0),
        Alu.sub(R3, R2),
        Jump.ifLess(R3, SECOND, inWindow),
        Store.u64(R1, 0, R0),
        StoreImm.of(Size.DW, R1, 8, 0));
    asm.bind(inWindow).emit(
        Alu.mov(R2, 1),
        new Atomic(Size.DW, AtomicOp.FETCH_ADD, R1, 8, R2),
        Load.u32(R3, R9, CFG_RATE),
        Jump.ifLess(R2, R3, emit));
    countStat(asm, STAT_RATE_LIMITED);
    asm.emit(Jump.to(out));

    // the record: zeroed, then filled field by field
    asm.at("packet record").bind(emit);
    for (int off = 0; off < RECORD_SIZE; off += 8) asm.emit(StoreImm.of(Size.DW, R10, REC + off, 0));
    asm.emit(
        Call.helper(Helpers.KTIME_GET_NS),
        Store.u64(R10, REC + REC_TIME, R0),
        Store.u64(R10, REC + REC_LOCATION, R7),
        Store.of(Size.W, R10, REC + REC_REASON, R8),
        Call.helper(Helpers.GET_CURRENT_PID_TGID),
        Store.of(Size.W, R10, REC + REC_TID, R0),
        Alu.rsh(R0, 32),
        Store.of(Size.W, R10, REC + REC_PID, R0));
    probeRead(asm, REC + REC_LEN, 4, R6, layout.skbLen());
    probeRead(asm, REC + REC_PROTOCOL, 2, R6, layout.skbProtocol());
    probeRead(asm, REC + REC_NETWORK_HEADER, 2, R6, layout.skbNetworkHeader());
    probeRead(asm, HEAD, 8, R6, layout.skbHead());
    probeRead(asm, DEV, 8, R6, layout.skbDev());
    asm.emit(Load.u64(R3, R10, DEV), Jump.ifEqual(R3, 0, noDevice));
    probeRead(asm, REC + REC_IFINDEX, 4, R3, layout.devIfindex());
    asm.emit(Load.u64(R3, R10, DEV));
    probeRead(asm, REC + REC_IFNAME, 16, R3, layout.devName());
    asm.emit(StoreImm.of(Size.W, R10, REC + REC_FLAGS, REC_FLAG_DEV));
    asm.bind(noDevice).emit(
        Alu.mov(R1, R10),
        Alu.add(R1, REC + REC_COMM),
        Alu.mov(R2, 16),
        Call.helper(Helpers.GET_CURRENT_COMM),
        Load.u64(R3, R10, HEAD),
        Jump.ifEqual(R3, 0, output),
        Load.of(Size.H, R2, R10, REC + REC_NETWORK_HEADER),
        Jump.ifEqual(R2, 0xffff, output),
        Alu.add(R3, R2),
        Alu.mov(R1, R10),
        Alu.add(R1, REC + REC_HEADER),
        Alu.mov(R2, HEADER_BYTES),
        Call.helper(Helpers.PROBE_READ_KERNEL),
        Jump.ifNotEqual(R0, 0, output),
        Load.u32(R1, R10, REC + REC_FLAGS),
        Alu.or(R1, REC_FLAG_HEADER),
        Store.of(Size.W, R10, REC + REC_FLAGS, R1));
    asm.bind(output).emit(Alu.mov(R1, R10), Alu.add(R1, REC));
    RingBufferOutput.emitOutput(asm, RING, LOST, R1, RECORD_SIZE, LOST_KEY);

    asm.at("exit").bind(out).emit(Alu.mov(R0, 0), Exit.exit());
    return ProgramSpec.of(PROGRAM, ProgramType.RAW_TRACEPOINT, asm.assemble());
  }

  /** bpf_probe_read_kernel(r10 + stackOffset, size, base + offset); clobbers r0-r5. */
  private static void probeRead(Assembler asm, int stackOffset, int size, Reg base, int offset) {
    asm.emit(Alu.mov(R3, base));
    if (offset != 0) asm.emit(Alu.add(R3, offset));
    asm.emit(Alu.mov(R1, R10), Alu.add(R1, stackOffset), Alu.mov(R2, size), Call.helper(Helpers.PROBE_READ_KERNEL));
  }

  /** r0 = bpf_map_lookup_elem(counts, r10 + KEY). */
  private static void lookupKey(Assembler asm) {
    asm.emit(LoadImm64.map(R1, COUNTS), Alu.mov(R2, R10), Alu.add(R2, KEY), Call.helper(Helpers.MAP_LOOKUP_ELEM));
  }

  /** stats[index] += 1 on this CPU; clobbers r0-r5. Binds a label: an instruction must follow. */
  private static void countStat(Assembler asm, int index) {
    Label done = new Label("stat_counted");
    asm.emit(
        StoreImm.of(Size.W, R10, STAT_KEY, index),
        Alu.mov(R2, R10),
        Alu.add(R2, STAT_KEY),
        LoadImm64.map(R1, STATS),
        Call.helper(Helpers.MAP_LOOKUP_ELEM),
        Jump.ifEqual(R0, 0, done),
        Alu.mov(R1, 1),
        Atomic.add64(R0, 0, R1));
    asm.bind(done);
  }

  /** The u16 a little-endian load of the big-endian ethertype's two bytes gives. */
  static int networkOrder(int ethertype) {
    return Short.toUnsignedInt(Short.reverseBytes((short) ethertype));
  }
}

package io.jstap.dropwatch;

import io.jstap.bpf.BpfException;
import io.jstap.bpf.BpfMap;
import io.jstap.bpf.BpfObjects;
import io.jstap.bpf.BpfProgram;
import io.jstap.bpf.Cpus;
import io.jstap.bpf.Link;
import io.jstap.bpf.MapSpec;
import io.jstap.bpf.PerCpuValues;
import io.jstap.bpf.RingBufferReader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.function.Consumer;

/**
 * The drop monitor's kernel objects, live: the maps and the loaded program of {@link
 * DropProgram}, attached to the {@code kfree_skb} raw tracepoint between {@link #start} and
 * {@link #stop} (raw tracepoints detach in microseconds, so stop and start are cheap). Counts
 * accumulate from {@link #open} to {@link #close}, across stops and starts. Closing detaches
 * and frees everything.
 */
public final class DropMonitor implements AutoCloseable {
  private final BpfObjects objects;
  private final BpfProgram program;
  private final BpfMap counts;
  private final BpfMap config;
  private final BpfMap stats;
  private final RingBufferReader packets;
  private final int cpus = Cpus.possibleCount();
  private boolean attached;

  private DropMonitor(BpfObjects objects, BpfProgram program) {
    this.objects = objects;
    this.program = program;
    this.counts = objects.map(DropProgram.COUNTS);
    this.config = objects.map(DropProgram.CONFIG);
    this.stats = objects.map(DropProgram.STATS);
    this.packets = objects.own(RingBufferReader.open(objects.map(DropProgram.RING), objects.map(DropProgram.LOST)));
  }

  /**
   * Creates the maps and loads the program for this kernel; nothing is attached yet.
   *
   * @throws BpfException when the kernel refuses (the message says why)
   */
  public static DropMonitor open(KfreeSkbLayout layout) {
    var objects = new BpfObjects();
    try {
      for (MapSpec m : DropProgram.maps()) objects.createMap(m);
      BpfProgram program = objects.load(DropProgram.program(layout));
      return new DropMonitor(objects, program);
    } catch (RuntimeException e) {
      objects.close();
      throw e;
    }
  }

  /** Sets what is watched and whether packets are reported; takes effect at once, attached or not. */
  public void configure(DropFilter filter, boolean packetMode, int ratePerSecond) {
    byte[] value = DropProgram.config(filter, packetMode, ratePerSecond);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment key = arena.allocate(ValueLayout.JAVA_INT);
      MemorySegment v = arena.allocate(value.length, 8);
      v.copyFrom(MemorySegment.ofArray(value));
      config.update(key, v);
    }
  }

  /** Attaches the program (no-op when attached). */
  public synchronized void start() {
    if (attached) return;
    objects.own(Link.rawTracepoint(program, KfreeSkbLayout.TRACEPOINT));
    attached = true;
  }

  /** Detaches the program (no-op when detached); counts stay readable. */
  public synchronized void stop() {
    if (!attached) return;
    objects.detachAll();
    attached = false;
  }

  public synchronized boolean isRunning() {
    return attached;
  }

  /** Drops per site counted so far (a few system calls: the table is read in batches). */
  public DropTotals totals() {
    var m = new HashMap<DropSite, Long>();
    counts.forEach(
        (key, value) -> {
          long n = new PerCpuValues(value, 8, cpus).sumLong(0);
          if (n != 0) {
            m.put(
                new DropSite(key.get(ValueLayout.JAVA_LONG, 0), Integer.toUnsignedLong(key.get(ValueLayout.JAVA_INT, 8))),
                n);
          }
        });
    return new DropTotals(m);
  }

  /** What was not counted or not shown so far. */
  public DropLosses losses() {
    return new DropLosses(
        stats.readLong(DropProgram.STAT_NOT_COUNTED),
        program.recursionMisses(),
        stats.readLong(DropProgram.STAT_RATE_LIMITED),
        packets.lost(),
        stats.readLong(DropProgram.STAT_FILTERED));
  }

  /**
   * Hands packet-mode records to {@code consumer}, waiting up to {@code timeoutMillis} when none
   * are there; returns how many. One thread at a time.
   */
  public int pollPackets(int timeoutMillis, Consumer<DropPacket> consumer) {
    return packets.poll(timeoutMillis, record -> consumer.accept(DropPacket.decode(record)));
  }

  /** Hands the packet records already written to {@code consumer}, without waiting. */
  public int drainPackets(Consumer<DropPacket> consumer) {
    return packets.drain(record -> consumer.accept(DropPacket.decode(record)));
  }

  @Override
  public synchronized void close() {
    attached = false;
    objects.close();
  }
}

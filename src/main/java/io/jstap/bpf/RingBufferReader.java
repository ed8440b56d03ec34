package io.jstap.bpf;

import io.jstap.bpf.sys.Epoll;
import io.jstap.bpf.sys.Mmap;
import io.jstap.bpf.sys.SyscallException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Reads a BPF_MAP_TYPE_RINGBUF map without copying (kernel/bpf/ringbuf.c,
 * Documentation/bpf/ringbuf.rst). The consumer position page is mapped read-write at offset 0;
 * the producer position page and the data area, mapped twice in a row so that a record
 * wrapping around the end is contiguous, read-only at one page further. Each record has an
 * 8-byte header (u32 length with BUSY bit 31 and DISCARD bit 30, u32 page offset) and is
 * padded to 8 bytes.
 *
 * <p>Programs write with BPF_RB_NO_WAKEUP (a wake-up per record slows a traced syscall loop
 * several times over), so {@link #poll} waits on epoll with a short timeout and then drains.
 * Records the programs could not write are counted by them in a per-CPU array ({@link
 * RingBufferOutput}), which {@link #lost()} sums. One thread reads a ring at a time.
 */
public final class RingBufferReader implements AutoCloseable {
  private static final int BUSY = 1 << 31;
  private static final int DISCARD = 1 << 30;
  private static final int HEADER = 8;
  private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
  private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

  /** Receives one record; the segment is a view of the ring, valid only during the call. */
  @FunctionalInterface
  public interface RecordConsumer {
    void accept(MemorySegment record);
  }

  private final BpfMap ring;
  private final BpfMap lostCounter;
  private final MemorySegment consumerPage;
  private final MemorySegment producerMapping;
  private final MemorySegment producerPage;
  private final MemorySegment data;
  private final long mask;
  private final Epoll epoll;
  private long consumerPos;
  private boolean closed;

  private RingBufferReader(BpfMap ring, BpfMap lostCounter) {
    if (ring.spec().type() != MapType.RINGBUF) throw new IllegalArgumentException(ring + " is not a ring buffer");
    this.ring = ring;
    this.lostCounter = lostCounter;
    long page = MapSpec.PAGE_SIZE;
    long size = ring.spec().maxEntries();
    this.mask = size - 1;
    MemorySegment cons = null, prod = null;
    Epoll ep = null;
    try {
      cons = Mmap.map("ring buffer consumer page", ring.fd(), page, 0, true);
      prod = Mmap.map("ring buffer data", ring.fd(), page + 2 * size, page, false);
      ep = new Epoll();
      ep.add(ring.fd(), Epoll.EPOLLIN, 0);
    } catch (SyscallException e) {
      if (ep != null) ep.close();
      if (prod != null) Mmap.unmap(prod);
      if (cons != null) Mmap.unmap(cons);
      throw BpfException.of(e, "reading ring buffer '" + ring.name() + "'");
    }
    this.consumerPage = cons;
    this.producerMapping = prod;
    this.producerPage = prod.asSlice(0, page);
    this.data = prod.asSlice(page, 2 * size);
    this.epoll = ep;
    this.consumerPos = (long) LONG.getAcquire(consumerPage, 0L);
  }

  public static RingBufferReader open(BpfMap ring) {
    return new RingBufferReader(ring, null);
  }

  /** A reader that also reports the losses counted in {@code lostCounter} (see {@link RingBufferOutput}). */
  public static RingBufferReader open(BpfMap ring, BpfMap lostCounter) {
    return new RingBufferReader(ring, lostCounter);
  }

  /**
   * Hands every record available now to {@code consumer}; returns how many (discarded records
   * are skipped and not counted).
   */
  public int drain(RecordConsumer consumer) {
    int n = 0;
    long cons = consumerPos;
    boolean progress;
    try {
    do {
      progress = false;
      long prod = (long) LONG.getAcquire(producerPage, 0L);
      while (cons < prod) {
        long at = cons & mask;
        int header = (int) INT.getAcquire(data, at);
        if ((header & BUSY) != 0) {
          prod = cons; // a record still being written: stop before it, keep order
          break;
        }
        int length = header & ~(BUSY | DISCARD);
        cons += (length + HEADER + 7) & ~7L;
        if ((header & DISCARD) == 0) {
          consumer.accept(data.asSlice(at + HEADER, length));
          n++;
        }
        LONG.setRelease(consumerPage, 0L, cons);
        progress = true;
      }
    } while (progress);
    } finally {
      // a consumer that throws must not see its records again: keep what was consumed
      consumerPos = cons;
    }
    return n;
  }

  /**
   * Drains what is there; if nothing was, waits up to {@code timeoutMillis} for the kernel to
   * signal data (or for the timeout, since programs write without waking us) and drains again.
   */
  public int poll(int timeoutMillis, RecordConsumer consumer) {
    int n = drain(consumer);
    if (n > 0) return n;
    try {
      epoll.await(timeoutMillis);
    } catch (SyscallException e) {
      throw BpfException.of(e, "waiting on ring buffer '" + ring.name() + "'");
    }
    return drain(consumer);
  }

  /** Bytes written but not yet consumed. */
  public long pending() {
    return (long) LONG.getAcquire(producerPage, 0L) - consumerPos;
  }

  /** Records the programs failed to write, summed over CPUs; 0 without a loss counter. */
  public long lost() {
    return lostCounter == null ? 0 : lostCounter.readLong(0);
  }

  public BpfMap ring() {
    return ring;
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    epoll.close();
    Mmap.unmap(producerMapping);
    Mmap.unmap(consumerPage);
  }
}

package io.jstap.bpf;

import java.util.ArrayList;
import java.util.List;

/**
 * Closes attachments together. Each close of an attached tracepoint, probe or link waits for an
 * RCU grace period in the kernel (70-95 ms measured here); done one after another, N
 * attachments cost N grace periods, done from parallel threads they overlap. Platform threads:
 * a virtual thread stays pinned to its carrier inside a native call, which would serialise them.
 */
public final class Attachments {
  private Attachments() {}

  /** Enough to overlap the grace periods of hundreds of attachments without a thread each. */
  static final int MAX_THREADS = 64;

  /** Closes every attachment, in parallel when there are several; rethrows the first failure. */
  public static void closeAll(List<? extends Attachment> attachments) {
    if (attachments.isEmpty()) return;
    if (attachments.size() == 1) {
      attachments.getFirst().close();
      return;
    }
    var failures = new java.util.concurrent.ConcurrentLinkedQueue<RuntimeException>();
    var next = new java.util.concurrent.atomic.AtomicInteger();
    int n = Math.min(attachments.size(), MAX_THREADS);
    var threads = new ArrayList<Thread>(n);
    for (int t = 0; t < n; t++) {
      threads.add(
          Thread.ofPlatform()
              .name("jstap-detach")
              .daemon(true)
              .start(
                  () -> {
                    for (int i; (i = next.getAndIncrement()) < attachments.size(); ) {
                      try {
                        attachments.get(i).close();
                      } catch (RuntimeException e) {
                        failures.add(e);
                      }
                    }
                  }));
    }
    boolean interrupted = false;
    for (Thread t : threads) {
      while (true) {
        try {
          t.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
    RuntimeException first = failures.poll();
    if (first != null) {
      failures.forEach(first::addSuppressed);
      throw first;
    }
  }
}

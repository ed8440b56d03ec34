package io.jstap.dropwatch;

import io.jstap.bpf.BpfException;
import io.jstap.bpf.Feature;
import io.jstap.bpf.Features;
import io.jstap.kernel.Kallsyms;
import io.jstap.kernel.KernelAddressesHiddenException;
import io.jstap.kernel.btf.Btf;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A ready drop monitor and what printing its findings needs: the kernel's drop reasons, the
 * location names, the format. {@link #open} checks everything a user can get wrong first
 * (privileges, BTF, the tracepoint, hidden kernel addresses) and says what to do.
 */
public final class Dropwatch implements AutoCloseable {
  /** How locations are named: dropwatch's {@code -l kas}, or raw addresses. */
  public enum Lookup { KALLSYMS, NONE }

  private final KfreeSkbLayout layout;
  private final DropFormat format;
  private final DropMonitor monitor;

  private Dropwatch(KfreeSkbLayout layout, DropFormat format, DropMonitor monitor) {
    this.layout = layout;
    this.format = format;
    this.monitor = monitor;
  }

  /** The running kernel's BTF, or a message saying it has none. */
  public static Btf kernelBtf() {
    try {
      return Btf.vmlinux();
    } catch (IOException e) {
      throw new DropwatchException(
          "cannot read the kernel's type information (" + e.getMessage() + "); dropwatch needs a kernel"
              + " built with CONFIG_DEBUG_INFO_BTF (Linux 5.4+, as every major distribution ships)", e);
    }
  }

  /**
   * Opens the monitor (nothing attached yet).
   *
   * @throws DropwatchException with what to do when this machine or user cannot run it
   */
  public static Dropwatch open(Btf btf, Lookup lookup) {
    Privileges.missing().ifPresent(m -> { throw new DropwatchException(m); });
    // reading ~120,000 symbols takes as long as everything else together: do it meanwhile
    var symbols = lookup == Lookup.NONE ? null : CompletableFuture.supplyAsync(Dropwatch::kallsyms, Thread::startVirtualThread);
    KfreeSkbLayout layout = KfreeSkbLayout.of(btf);
    Features.missing(Feature.RAW_TRACEPOINTS)
        .ifPresent(m -> { throw new DropwatchException("cannot attach to the kfree_skb tracepoint: " + m); });
    DropMonitor monitor;
    try {
      monitor = DropMonitor.open(layout);
    } catch (BpfException e) {
      throw new DropwatchException("cannot load the drop monitor into the kernel: " + e.getMessage(), e);
    }
    try {
      DropLocations locations = symbols == null ? DropLocations.none() : DropLocations.of(symbols.join());
      return new Dropwatch(layout, new DropFormat(locations, DropReasons.of(btf), layout.hasReason()), monitor);
    } catch (CompletionException e) {
      monitor.close();
      throw e.getCause() instanceof DropwatchException d ? d : e;
    }
  }

  private static Kallsyms kallsyms() {
    try {
      return Kallsyms.load();
    } catch (KernelAddressesHiddenException e) {
      throw new DropwatchException(
          e.getMessage() + "; or name no functions with -l none (raw addresses)", e);
    } catch (IOException e) {
      throw new DropwatchException(
          "cannot read kernel symbols from " + Kallsyms.PROC_KALLSYMS + ": " + e.getMessage()
              + "; use -l none for raw addresses", e);
    }
  }

  public KfreeSkbLayout layout() {
    return layout;
  }

  public DropFormat format() {
    return format;
  }

  public DropReasons reasons() {
    return format.reasons();
  }

  public DropMonitor monitor() {
    return monitor;
  }

  @Override
  public void close() {
    monitor.close();
  }
}

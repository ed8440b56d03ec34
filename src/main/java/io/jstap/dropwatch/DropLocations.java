package io.jstap.dropwatch;

import io.jstap.kernel.Kallsyms;
import io.jstap.kernel.SymbolOffset;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names drop locations: {@code symbol+0xoffset} from /proc/kallsyms (dropwatch's {@code -l kas}),
 * or nothing (raw addresses, {@code -l none}). A kernel has a few hundred drop sites, so names
 * are remembered once made.
 */
public final class DropLocations {
  private final Kallsyms kallsyms;
  private final ConcurrentHashMap<Long, Optional<String>> names = new ConcurrentHashMap<>();

  private DropLocations(Kallsyms kallsyms) {
    this.kallsyms = kallsyms;
  }

  public static DropLocations of(Kallsyms kallsyms) {
    return new DropLocations(kallsyms);
  }

  /** Addresses only. */
  public static DropLocations none() {
    return new DropLocations(null);
  }

  /** {@code udp_queue_rcv_one_skb+0x1b4} (with {@code [module]} for modules), or empty. */
  public Optional<String> name(long address) {
    if (kallsyms == null) return Optional.empty();
    return names.computeIfAbsent(address, a -> kallsyms.resolve(a).map(SymbolOffset::toString));
  }

  /** The function alone, or empty. */
  public Optional<String> function(long address) {
    if (kallsyms == null) return Optional.empty();
    return kallsyms.resolve(address).map(SymbolOffset::symbol);
  }
}

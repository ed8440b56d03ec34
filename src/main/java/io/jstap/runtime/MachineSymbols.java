package io.jstap.runtime;

import io.jstap.bpf.ProcessMapEvents;
import io.jstap.elf.ElfFile;
import io.jstap.kernel.Kallsyms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Symbols of this machine: the kernel's from /proc/kallsyms (read on first use), a process's
 * from its memory map (/proc/PID/maps) and the ELF files mapped there.
 */
public final class MachineSymbols implements Symbols {
  private final Supplier<Kallsyms> kallsyms;
  private final Map<String, Optional<ElfFile>> elves = new HashMap<>();

  private final Supplier<io.jstap.kernel.btf.Btf> btf;
  private Map<Long, String> dropReasons;

  public MachineSymbols(Supplier<Kallsyms> kallsyms) {
    this(kallsyms, () -> {
      try {
        return io.jstap.kernel.btf.Btf.vmlinux();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  public MachineSymbols(Supplier<Kallsyms> kallsyms, Supplier<io.jstap.kernel.btf.Btf> btf) {
    this.kallsyms = kallsyms;
    this.btf = btf;
  }

  @Override
  public synchronized String dropReason(long value) {
    if (dropReasons == null) {
      dropReasons = new HashMap<>();
      try {
        btf.get().enumValues("skb_drop_reason").ifPresent(values -> values.forEach((name, v) ->
            dropReasons.putIfAbsent(v, name.replaceFirst("^SKB_DROP_REASON_", ""))));
      } catch (RuntimeException e) {
        // no BTF: numbers it is
      }
    }
    return dropReasons.getOrDefault(value, Long.toString(value));
  }

  @Override
  public String kernelName(long address) {
    try {
      return kallsyms.get().resolve(address).map(s -> s.symbol()).orElse(Symbols.hex(address));
    } catch (RuntimeException e) {
      return Symbols.hex(address);
    }
  }

  @Override
  public String kernelData(long address) {
    try {
      var k = kallsyms.get();
      var s = k.resolve(address);
      if (s.isEmpty()) return Symbols.hex(address);
      long size = sizeOf(k, s.get().symbolAddress());
      return s.get().symbol() + "+0x" + Long.toHexString(s.get().offset())
          + (size > 0 ? "/0x" + Long.toHexString(size) : "")
          + " [" + (s.get().module() == null || s.get().module().isEmpty() ? "kernel"
              : s.get().module()) + "]";
    } catch (RuntimeException e) {
      return Symbols.hex(address);
    }
  }

  /** kallsyms has no sizes: the distance to the next symbol (symbols are sorted by address). */
  private static long sizeOf(Kallsyms k, long start) {
    int lo = 0;
    int hi = k.size();
    while (lo < hi) { // first symbol above start
      int mid = (lo + hi) >>> 1;
      if (Long.compareUnsigned(k.symbol(mid).address(), start) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo < k.size() ? k.symbol(lo).address() - start : 0;
  }

  @Override
  public String userName(long pid, long address) {
    return userSymbol(pid, address, false);
  }

  @Override
  public String userData(long pid, long address) {
    return userSymbol(pid, address, true);
  }

  // ---- processes' memory maps ---------------------------------------------------------------

  /** A file mapped in a process: {@code [start, end)} holds the file's bytes from {@code offset}. */
  private record Mapping(long start, long end, long offset, String path) {}

  /**
   * What is known of a process's mappings. {@code complete} once they come from its
   * /proc/PID/maps or from the side band since its exec or fork; else only the mappings it
   * made since jstap started following.
   */
  private static final class ProcessMaps {
    final List<Mapping> mappings = new ArrayList<>();
    boolean complete;
    boolean exited;

    void map(Mapping m) {
      // a new mapping replaces what it covers (MAP_FIXED, or a region unmapped then reused)
      mappings.removeIf(o -> Long.compareUnsigned(o.start(), m.end()) < 0
          && Long.compareUnsigned(m.start(), o.end()) < 0);
      mappings.add(m);
    }

    Mapping find(long address) {
      for (Mapping m : mappings) {
        if (Long.compareUnsigned(address, m.start()) >= 0
            && Long.compareUnsigned(address, m.end()) < 0) {
          return m;
        }
      }
      return null;
    }
  }

  /** Exited processes whose maps are kept for records still to come; the oldest go first. */
  private static final int KEEP_EXITED = 4096;

  private final Map<Long, ProcessMaps> processes = new HashMap<>();
  private final java.util.ArrayDeque<Long> exited = new java.util.ArrayDeque<>();
  private ProcessMapEvents events;

  /**
   * Follows every process's mappings from now on (the events are this object's to drain, not
   * to close), so that the symbols of a process that has exited by the time its records are
   * printed are still found.
   */
  public void follow(ProcessMapEvents events) {
    this.events = events;
    refresh();
  }

  /** Applies the side band's news. */
  private void refresh() {
    if (events == null) return;
    events.drain(e -> {
      switch (e) {
        case ProcessMapEvents.Mapped m -> maps(m.pid()).map(new Mapping(m.start(),
            m.start() + m.length(), m.pgoff(), m.path()));
        case ProcessMapEvents.Exec x -> {
          var fresh = new ProcessMaps();
          fresh.complete = true;
          processes.put((long) x.pid(), fresh);
        }
        case ProcessMapEvents.Forked f -> {
          var child = new ProcessMaps();
          ProcessMaps parent = processes.get((long) f.parent());
          if (parent != null) {
            child.mappings.addAll(parent.mappings);
            child.complete = parent.complete;
          }
          processes.put((long) f.pid(), child);
        }
        case ProcessMapEvents.Exited x -> {
          ProcessMaps gone = processes.get((long) x.pid());
          if (gone != null && !gone.exited) {
            gone.exited = true;
            exited.add((long) x.pid());
            while (exited.size() > KEEP_EXITED) processes.remove(exited.poll());
          }
        }
        case ProcessMapEvents.Lost l -> {
          // some mappings are missing: ask /proc again for processes still running
          for (ProcessMaps p : processes.values()) p.complete = false;
        }
      }
    });
  }

  private ProcessMaps maps(long pid) {
    return processes.computeIfAbsent(pid, k -> new ProcessMaps());
  }

  /** The mapping of {@code address} in {@code pid}: the side band's, else /proc's. */
  private Mapping mappingOf(long pid, long address) {
    refresh();
    ProcessMaps known = processes.get(pid);
    Mapping m = known == null ? null : known.find(address);
    if (m != null && known.complete) return m;
    // not known, or known only in part: /proc has it all while the process runs
    ProcessMaps read = readProcMaps(pid);
    if (read != null) {
      if (events != null) processes.put(pid, read);
      Mapping found = read.find(address);
      if (found != null) return found;
    }
    return m;
  }

  /** /proc/PID/maps' file mappings, or null when the process is gone. */
  private static ProcessMaps readProcMaps(long pid) {
    try {
      var maps = new ProcessMaps();
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "maps"))) {
        // start-end perms offset dev inode path
        String[] f = line.split("\\s+", 6);
        if (f.length < 6 || !f[5].startsWith("/")) continue;
        String[] range = f[0].split("-");
        maps.mappings.add(new Mapping(Long.parseUnsignedLong(range[0], 16),
            Long.parseUnsignedLong(range[1], 16), Long.parseUnsignedLong(f[2], 16), f[5]));
      }
      maps.complete = true;
      return maps.mappings.isEmpty() ? null : maps;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private String userSymbol(long pid, long address, boolean data) {
    Mapping m = mappingOf(pid, address);
    if (m == null) return Symbols.hex(address);
    try {
      Optional<ElfFile> elf = elves.computeIfAbsent(m.path(), p -> {
        try {
          return Optional.of(ElfFile.open(Path.of(p)));
        } catch (IOException e) {
          return Optional.empty();
        }
      });
      if (elf.isEmpty()) return Symbols.hex(address);
      var vaddr = elf.get().virtualAddress(address - m.start() + m.offset());
      if (vaddr.isEmpty()) return Symbols.hex(address);
      var sym = elf.get().symbolize(vaddr.getAsLong());
      if (sym.isEmpty()) return Symbols.hex(address);
      if (!data) return sym.get().function();
      return sym.get().function() + "+0x" + Long.toHexString(sym.get().offset()) + " ["
          + m.path() + "]";
    } catch (io.jstap.elf.ElfException | RuntimeException e) {
      return Symbols.hex(address); // an unreadable file: fall back to hex
    }
  }
}

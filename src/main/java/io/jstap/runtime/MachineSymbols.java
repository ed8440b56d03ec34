package io.jstap.runtime;

import io.jstap.elf.ElfFile;
import io.jstap.kernel.Kallsyms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
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

  private String userSymbol(long pid, long address, boolean data) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "maps"))) {
        // start-end perms offset dev inode path
        String[] f = line.split("\\s+", 6);
        if (f.length < 6 || !f[5].startsWith("/")) continue;
        String[] range = f[0].split("-");
        long start = Long.parseUnsignedLong(range[0], 16);
        long end = Long.parseUnsignedLong(range[1], 16);
        if (Long.compareUnsigned(address, start) < 0 || Long.compareUnsigned(address, end) >= 0) {
          continue;
        }
        long fileOffset = address - start + Long.parseUnsignedLong(f[2], 16);
        Optional<ElfFile> elf = elves.computeIfAbsent(f[5], p -> {
          try {
            return Optional.of(ElfFile.open(Path.of(p)));
          } catch (IOException e) {
            return Optional.empty();
          }
        });
        if (elf.isEmpty()) break;
        var vaddr = elf.get().virtualAddress(fileOffset);
        if (vaddr.isEmpty()) break;
        var sym = elf.get().symbolize(vaddr.getAsLong());
        if (sym.isEmpty()) break;
        if (!data) return sym.get().function();
        return sym.get().function() + "+0x" + Long.toHexString(sym.get().offset()) + " [" + f[5] + "]";
      }
    } catch (IOException | RuntimeException e) {
      // the process is gone or its files unreadable: fall back to hex
    }
    return Symbols.hex(address);
  }
}

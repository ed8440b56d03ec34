package io.jstap.kernel;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The kernel's symbol table from /proc/kallsyms ({@code ffffffff81000000 T _text} lines, with
 * {@code \t[module]} after symbols of modules): addresses to {@code symbol+0xoff} and names to
 * addresses. Loading keeps the text and records where names are; it makes no strings. Symbols
 * are ordered by address (stably, so aliases keep their file order and the first alias names an
 * address, as the kernel's own lookup does). Immutable; safe to share between threads.
 */
public final class Kallsyms {
  public static final Path PROC_KALLSYMS = Path.of("/proc/kallsyms");

  private final byte[] text;
  /** By address: the address, where the name starts and ends in text, type, module. */
  private final long[] addresses;
  private final int[] nameStart;
  private final int[] nameEnd;
  private final byte[] types;
  private final int[] moduleOf; // index into modules; 0 is the kernel image ("")
  private final List<String> modules;
  private volatile int[] nameTable; // open addressing over names, built on first name lookup

  private Kallsyms(byte[] text, long[] addresses, int[] nameStart, int[] nameEnd, byte[] types,
      int[] moduleOf, List<String> modules) {
    this.text = text;
    this.addresses = addresses;
    this.nameStart = nameStart;
    this.nameEnd = nameEnd;
    this.types = types;
    this.moduleOf = moduleOf;
    this.modules = modules;
  }

  /**
   * Reads /proc/kallsyms.
   *
   * @throws KernelAddressesHiddenException when kptr_restrict shows every address as 0
   */
  public static Kallsyms load() throws IOException {
    return read(PROC_KALLSYMS);
  }

  /** Reads a file in /proc/kallsyms format. */
  public static Kallsyms read(Path path) throws IOException {
    byte[] bytes;
    int length;
    try (InputStream in = new FileInputStream(path.toFile())) {
      // /proc files have no size; ~5.4 MB on a 6.18 kernel. Large reads keep syscalls few.
      bytes = new byte[8 << 20];
      length = 0;
      while (true) {
        if (length == bytes.length) {
          bytes = Arrays.copyOf(bytes, bytes.length * 2);
        }
        int n = in.read(bytes, length, bytes.length - length);
        if (n < 0) {
          break;
        }
        length += n;
      }
    } catch (java.io.FileNotFoundException e) {
      throw new NoSuchFileException(path.toString(), null, e.getMessage());
    }
    return parse(bytes, length, path.toString());
  }

  /** Parses kallsyms text; {@code source} names it in error messages. */
  public static Kallsyms parse(byte[] text, int length, String source) throws IOException {
    int capacity = Math.max(16, length / 36);
    long[] addresses = new long[capacity];
    int[] nameStart = new int[capacity];
    int[] nameEnd = new int[capacity];
    byte[] types = new byte[capacity];
    int[] moduleOf = new int[capacity];
    var modules = new ArrayList<String>();
    modules.add("");
    int lastModuleStart = -1;
    int lastModuleEnd = -1;
    int lastModule = 0;
    boolean sorted = true;
    boolean anyNonZero = false;
    int n = 0;
    int pos = 0;
    int line = 1;
    while (pos < length) {
      // address: hex digits up to a space
      long address = 0;
      int start = pos;
      while (pos < length && text[pos] != ' ') {
        int c = text[pos];
        int digit = c >= '0' && c <= '9' ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (digit < 0) {
          throw new IOException(source + ":" + line + ": not a kallsyms line (bad address)");
        }
        address = address << 4 | digit;
        pos++;
      }
      if (pos == start || pos + 3 >= length || text[pos + 2] != ' ') {
        throw new IOException(source + ":" + line + ": not a kallsyms line");
      }
      byte type = text[pos + 1];
      pos += 3;
      int ns = pos;
      while (pos < length && text[pos] != '\n' && text[pos] != '\t') {
        pos++;
      }
      int ne = pos;
      int module = 0;
      if (pos < length && text[pos] == '\t') {
        pos++;
        int ms = pos;
        while (pos < length && text[pos] != '\n') {
          pos++;
        }
        int me = pos;
        if (me - ms >= 2 && text[ms] == '[' && text[me - 1] == ']') {
          ms++;
          me--;
        }
        if (lastModuleStart >= 0 && Arrays.equals(text, ms, me, text, lastModuleStart,
            lastModuleEnd)) {
          module = lastModule;
        } else {
          String name = new String(text, ms, me - ms, StandardCharsets.UTF_8);
          module = modules.indexOf(name);
          if (module < 0) {
            module = modules.size();
            modules.add(name);
          }
          lastModuleStart = ms;
          lastModuleEnd = me;
          lastModule = module;
        }
      }
      pos++; // the newline
      line++;
      if (n == addresses.length) {
        int grown = n * 2;
        addresses = Arrays.copyOf(addresses, grown);
        nameStart = Arrays.copyOf(nameStart, grown);
        nameEnd = Arrays.copyOf(nameEnd, grown);
        types = Arrays.copyOf(types, grown);
        moduleOf = Arrays.copyOf(moduleOf, grown);
      }
      if (n > 0 && Long.compareUnsigned(address, addresses[n - 1]) < 0) {
        sorted = false;
      }
      anyNonZero |= address != 0;
      addresses[n] = address;
      nameStart[n] = ns;
      nameEnd[n] = ne;
      types[n] = type;
      moduleOf[n] = module;
      n++;
    }
    if (n > 0 && !anyNonZero) {
      throw new KernelAddressesHiddenException(source);
    }
    if (!sorted) {
      int[] order = sortedOrder(addresses, n);
      addresses = permute(addresses, order);
      nameStart = permute(nameStart, order);
      nameEnd = permute(nameEnd, order);
      types = permute(types, order);
      moduleOf = permute(moduleOf, order);
    } else {
      addresses = Arrays.copyOf(addresses, n);
      nameStart = Arrays.copyOf(nameStart, n);
      nameEnd = Arrays.copyOf(nameEnd, n);
      types = Arrays.copyOf(types, n);
      moduleOf = Arrays.copyOf(moduleOf, n);
    }
    return new Kallsyms(text, addresses, nameStart, nameEnd, types, moduleOf,
        List.copyOf(modules));
  }

  /** A stable order of the first n addresses, as unsigned numbers (a merge sort of indexes). */
  private static int[] sortedOrder(long[] keys, int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    int[] b = new int[n];
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(lo + width, n);
        int hi = Math.min(lo + 2 * width, n);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
          b[k++] = Long.compareUnsigned(keys[a[j]], keys[a[i]]) < 0 ? a[j++] : a[i++];
        }
        while (i < mid) {
          b[k++] = a[i++];
        }
        while (j < hi) {
          b[k++] = a[j++];
        }
      }
      int[] t = a;
      a = b;
      b = t;
    }
    return a;
  }

  private static long[] permute(long[] v, int[] order) {
    long[] out = new long[order.length];
    for (int i = 0; i < order.length; i++) {
      out[i] = v[order[i]];
    }
    return out;
  }

  private static int[] permute(int[] v, int[] order) {
    int[] out = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      out[i] = v[order[i]];
    }
    return out;
  }

  private static byte[] permute(byte[] v, int[] order) {
    byte[] out = new byte[order.length];
    for (int i = 0; i < order.length; i++) {
      out[i] = v[order[i]];
    }
    return out;
  }

  /** The number of symbols. */
  public int size() {
    return addresses.length;
  }

  /** The i-th symbol in address order. */
  public KernelSymbol symbol(int i) {
    return new KernelSymbol(addresses[i], (char) types[i], name(i), modules.get(moduleOf[i]));
  }

  private String name(int i) {
    return new String(text, nameStart[i], nameEnd[i] - nameStart[i], StandardCharsets.UTF_8);
  }

  /** The names of the modules that have symbols here, without the kernel image. */
  public List<String> modules() {
    return modules.subList(1, modules.size());
  }

  /**
   * The symbol at or before an address, and the distance from it. Empty below the first symbol.
   * Like the kernel's %pS, the offset is from the nearest symbol below, whatever its size.
   */
  public Optional<SymbolOffset> resolve(long address) {
    int lo = 0;
    int hi = addresses.length - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (Long.compareUnsigned(addresses[mid], address) <= 0) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (found < 0) {
      return Optional.empty();
    }
    // several symbols may share the address: the first of them names it
    long at = addresses[found];
    while (found > 0 && addresses[found - 1] == at) {
      found--;
    }
    return Optional.of(new SymbolOffset(name(found), modules.get(moduleOf[found]), at,
        address - at));
  }

  /** The address of the first symbol with this name (the kernel image before modules). */
  public OptionalLong address(String name) {
    int[] all = indexesOf(name);
    if (all.length == 0) {
      return OptionalLong.empty();
    }
    int best = all[0];
    for (int i : all) {
      if (moduleOf[i] == 0 && moduleOf[best] != 0) {
        best = i;
      }
    }
    return OptionalLong.of(addresses[best]);
  }

  /** Every symbol with this name (static functions may repeat a name), in address order. */
  public List<KernelSymbol> symbols(String name) {
    var out = new ArrayList<KernelSymbol>();
    for (int i : indexesOf(name)) {
      out.add(symbol(i));
    }
    return out;
  }

  /** Name lookups answered by a scan before the name table is built (see {@link #names}). */
  private static final int SCANS_BEFORE_INDEX = 8;

  private int scans;

  private int[] indexesOf(String name) {
    byte[] key = name.getBytes(StandardCharsets.UTF_8);
    boolean scan;
    synchronized (this) {
      scan = nameTable == null && ++scans <= SCANS_BEFORE_INDEX;
    }
    if (scan) {
      // one pass comparing lengths first: cheaper than hashing ~120,000 names for one question
      int[] found = new int[0];
      int n = key.length;
      for (int i = 0; i < nameStart.length; i++) {
        if (nameEnd[i] - nameStart[i] == n
            && Arrays.equals(text, nameStart[i], nameEnd[i], key, 0, n)) {
          found = Arrays.copyOf(found, found.length + 1);
          found[found.length - 1] = i;
        }
      }
      return found;
    }
    int[] table = names();
    int mask = table.length - 1;
    int[] found = new int[0];
    for (int slot = mix(hash(key, 0, key.length)) & mask; table[slot] != 0;
        slot = (slot + 1) & mask) {
      int i = table[slot] - 1;
      if (Arrays.equals(text, nameStart[i], nameEnd[i], key, 0, key.length)) {
        found = Arrays.copyOf(found, found.length + 1);
        found[found.length - 1] = i;
      }
    }
    Arrays.sort(found);
    return found;
  }

  private int[] names() {
    int[] table = nameTable;
    if (table == null) {
      synchronized (this) {
        table = nameTable;
        if (table == null) {
          int capacity = Integer.highestOneBit(Math.max(16, addresses.length * 2)) << 1;
          table = new int[capacity];
          int mask = capacity - 1;
          for (int i = 0; i < addresses.length; i++) {
            int slot = mix(hash(text, nameStart[i], nameEnd[i])) & mask;
            while (table[slot] != 0) {
              slot = (slot + 1) & mask;
            }
            table[slot] = i + 1;
          }
          nameTable = table;
        }
      }
    }
    return table;
  }

  private static int hash(byte[] bytes, int start, int end) {
    int h = 0;
    for (int p = start; p < end; p++) {
      h = 31 * h + (bytes[p] & 0xff);
    }
    return h;
  }

  private static int mix(int h) {
    return h ^ (h >>> 16) * 0x45d9f3b;
  }
}

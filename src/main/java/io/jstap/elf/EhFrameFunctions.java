package io.jstap.elf;

import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The code ranges the unwind table .eh_frame describes: one per function, or per part of a
 * function that the compiler split (a {@code .cold} part has its own). Stripping keeps
 * .eh_frame, since exceptions and backtraces need it, so this finds static functions of stripped
 * programs exactly. Format: the Linux Standard Base's "Exception Frames" (DWARF CFI with
 * pointer encodings, DW_EH_PE_*).
 */
public final class EhFrameFunctions {
  private final long[] starts;
  private final long[] ends;

  private EhFrameFunctions(long[] starts, long[] ends) {
    this.starts = starts;
    this.ends = ends;
  }

  /** The ranges of a file's .eh_frame; none when it has no such section. */
  public static EhFrameFunctions of(ElfFile elf) throws ElfException {
    Optional<ElfSection> section = elf.section(".eh_frame");
    if (section.isEmpty() || !section.get().hasFileBytes()) {
      return new EhFrameFunctions(new long[0], new long[0]);
    }
    ElfSection s = section.get();
    byte[] d = elf.contents(s).toArray(ValueLayout.JAVA_BYTE);
    return parse(d, s.address(), elf.path() + ": .eh_frame");
  }

  static EhFrameFunctions parse(byte[] d, long sectionAddress, String where)
      throws ElfException {
    var reader = new Reader(d, sectionAddress, where);
    Map<Integer, Integer> cieEncodings = new HashMap<>();
    long[] starts = new long[1024];
    long[] ends = new long[1024];
    int n = 0;
    int pos = 0;
    while (pos + 4 <= d.length) {
      long length = Integer.toUnsignedLong(reader.u32(pos));
      int idAt = pos + 4;
      if (length == 0) {
        break; // the terminator
      }
      if (length == 0xffffffffL) {
        length = reader.u64(pos + 4);
        idAt = pos + 12;
      }
      long next = idAt + length;
      if (next > d.length || next < idAt) {
        throw new ElfException(where + ": an entry at offset " + pos + " runs past the end");
      }
      int id = reader.u32(idAt);
      if (id != 0) {
        int cie = idAt - id;
        Integer encoding = cieEncodings.get(cie);
        if (encoding == null) {
          encoding = reader.fdeEncoding(cie);
          cieEncodings.put(cie, encoding);
        }
        reader.pos = idAt + 4;
        long begin = reader.encoded(encoding, true);
        long range = reader.encoded(encoding & 0x0f, false);
        if (begin != 0 && range != 0) {
          if (n == starts.length) {
            starts = Arrays.copyOf(starts, n * 2);
            ends = Arrays.copyOf(ends, n * 2);
          }
          starts[n] = begin;
          ends[n] = begin + range;
          n++;
        }
      }
      pos = (int) next;
    }
    // sort by start, carrying ends along
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    final long[] s = starts;
    Arrays.sort(order, (a, b) -> Long.compareUnsigned(s[a], s[b]));
    long[] sortedStarts = new long[n];
    long[] sortedEnds = new long[n];
    for (int i = 0; i < n; i++) {
      sortedStarts[i] = starts[order[i]];
      sortedEnds[i] = ends[order[i]];
    }
    return new EhFrameFunctions(sortedStarts, sortedEnds);
  }

  /** The number of ranges. */
  public int size() {
    return starts.length;
  }

  public long start(int i) {
    return starts[i];
  }

  /** The end of range i (exclusive). */
  public long end(int i) {
    return ends[i];
  }

  /** The index of the range holding an address, or -1. */
  public int indexOf(long address) {
    int lo = 0;
    int hi = starts.length - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (Long.compareUnsigned(starts[mid], address) <= 0) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    // ranges do not overlap in compiler output, but walk back in case one does
    for (int i = found; i >= 0 && i > found - 4; i--) {
      if (Long.compareUnsigned(address, ends[i]) < 0
          && Long.compareUnsigned(address, starts[i]) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static final class Reader {
    private final byte[] d;
    private final long sectionAddress;
    private final String where;
    int pos;

    Reader(byte[] d, long sectionAddress, String where) {
      this.d = d;
      this.sectionAddress = sectionAddress;
      this.where = where;
    }

    int u8(int at) throws ElfException {
      if (at >= d.length) {
        throw new ElfException(where + ": truncated at offset " + at);
      }
      return d[at] & 0xff;
    }

    int u32(int at) throws ElfException {
      if (at + 4 > d.length) {
        throw new ElfException(where + ": truncated at offset " + at);
      }
      return (d[at] & 0xff) | (d[at + 1] & 0xff) << 8 | (d[at + 2] & 0xff) << 16
          | (d[at + 3] & 0xff) << 24;
    }

    long u64(int at) throws ElfException {
      return Integer.toUnsignedLong(u32(at)) | (long) u32(at + 4) << 32;
    }

    long uleb() throws ElfException {
      long v = 0;
      int shift = 0;
      while (true) {
        int b = u8(pos++);
        v |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
        shift += 7;
      }
    }

    long sleb() throws ElfException {
      long v = 0;
      int shift = 0;
      int b;
      do {
        b = u8(pos++);
        v |= (long) (b & 0x7f) << shift;
        shift += 7;
      } while ((b & 0x80) != 0);
      if (shift < 64 && (b & 0x40) != 0) {
        v |= -1L << shift;
      }
      return v;
    }

    /** The pointer encoding FDEs of the CIE at {@code cie} use (its 'R' augmentation). */
    int fdeEncoding(int cie) throws ElfException {
      int length = u32(cie);
      pos = cie + (length == 0xffffffff ? 12 : 4) + 4;
      int version = u8(pos++);
      int augStart = pos;
      while (u8(pos) != 0) {
        pos++;
      }
      String aug = new String(d, augStart, pos - augStart,
          java.nio.charset.StandardCharsets.US_ASCII);
      pos++;
      if (aug.contains("eh")) {
        pos += 8;
      }
      uleb(); // code alignment
      sleb(); // data alignment
      if (version == 1) {
        pos++;
      } else {
        uleb(); // return address register
      }
      int encoding = 0; // DW_EH_PE_absptr
      if (aug.startsWith("z")) {
        uleb(); // augmentation data length
        for (int i = 1; i < aug.length(); i++) {
          switch (aug.charAt(i)) {
            case 'R' -> encoding = u8(pos++);
            case 'L' -> pos++;
            case 'P' -> {
              int personality = u8(pos++);
              encoded(personality, true);
            }
            case 'S', 'B', 'G' -> {
              // no data
            }
            default -> throw new ElfException(where + ": CIE augmentation '" + aug
                + "' is unknown");
          }
        }
      }
      return encoding;
    }

    /** Reads a DW_EH_PE_* encoded pointer at pos. */
    long encoded(int encoding, boolean applyRelative) throws ElfException {
      int fieldAt = pos;
      long v = switch (encoding & 0x0f) {
        case 0x00 -> {
          pos += 8;
          yield u64(fieldAt);
        }
        case 0x01 -> uleb();
        case 0x02 -> {
          pos += 2;
          yield u8(fieldAt) | u8(fieldAt + 1) << 8;
        }
        case 0x03 -> {
          pos += 4;
          yield Integer.toUnsignedLong(u32(fieldAt));
        }
        case 0x04, 0x0c -> {
          pos += 8;
          yield u64(fieldAt);
        }
        case 0x09 -> sleb();
        case 0x0a -> {
          pos += 2;
          yield (short) (u8(fieldAt) | u8(fieldAt + 1) << 8);
        }
        case 0x0b -> {
          pos += 4;
          yield u32(fieldAt);
        }
        default -> throw new ElfException(where + ": pointer encoding 0x"
            + Integer.toHexString(encoding) + " is unknown");
      };
      if (!applyRelative) {
        return v;
      }
      return switch (encoding & 0x70) {
        case 0x00 -> v;
        case 0x10 -> v + sectionAddress + fieldAt; // DW_EH_PE_pcrel
        default -> throw new ElfException(where + ": pointer application 0x"
            + Integer.toHexString(encoding & 0x70) + " is not supported");
      };
    }
  }
}

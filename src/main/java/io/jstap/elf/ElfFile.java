package io.jstap.elf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A 64-bit little-endian ELF file (elf.h; the System V gABI): its header, sections, segments,
 * symbols, notes and USDT probes. The file is mapped read-only, not copied; the mapping goes away
 * when the object is no longer reachable. Tables are decoded on first use. Safe to share between
 * threads once built.
 */
public final class ElfFile {
  public static final int ET_REL = 1;
  public static final int ET_EXEC = 2;
  public static final int ET_DYN = 3;
  public static final int EM_X86_64 = 62;
  public static final int EM_AARCH64 = 183;
  public static final int EM_BPF = 247;

  private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED;
  private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;
  private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED;
  /** NT_GNU_BUILD_ID and NT_STAPSDT share the number 3, in different name spaces. */
  private static final int NT_GNU_BUILD_ID = 3;
  private static final int NT_STAPSDT = 3;

  private final Path path;
  private final MemorySegment bytes;
  private final int type;
  private final int machine;
  private final long entry;
  private final List<ElfSection> sections;
  private final List<ElfSegment> segments;
  private volatile List<ElfSymbol> symbols;
  private volatile List<ElfSymbol> dynamicSymbols;
  private volatile List<ElfSymbol> functions;

  private ElfFile(Path path, MemorySegment bytes) throws ElfException {
    this.path = path;
    this.bytes = bytes;
    if (bytes.byteSize() < 64 || bytes.get(ValueLayout.JAVA_INT_UNALIGNED, 0) != 0x464c457f) {
      throw new ElfException(path + ": not an ELF file");
    }
    int elfClass = u8(4);
    if (elfClass != 2) {
      throw new ElfException(path + ": a 32-bit ELF file; jstap reads 64-bit programs only");
    }
    if (u8(5) != 1) {
      throw new ElfException(path + ": a big-endian ELF file; jstap reads little-endian only");
    }
    type = u16(16);
    machine = u16(18);
    entry = u64(24);
    sections = readSections();
    segments = readSegments();
  }

  /** Maps and reads an ELF file. */
  public static ElfFile open(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size == 0) {
        throw new ElfException(path + ": not an ELF file (it is empty)");
      }
      MemorySegment mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, Arena.ofAuto());
      return new ElfFile(path, mapped);
    }
  }

  /** Reads an ELF image held in memory (a module jstap wrote, a test's bytes). */
  public static ElfFile of(byte[] image, String name) throws ElfException {
    return new ElfFile(Path.of(name), MemorySegment.ofArray(image.clone()));
  }

  public Path path() {
    return path;
  }

  /** e_type: {@link #ET_EXEC}, {@link #ET_DYN} (PIE or shared library), {@link #ET_REL}. */
  public int type() {
    return type;
  }

  /** e_machine: {@link #EM_X86_64}, {@link #EM_AARCH64}, {@link #EM_BPF}, ... */
  public int machine() {
    return machine;
  }

  public long entry() {
    return entry;
  }

  /**
   * Fails unless the file holds x86-64 code: USDT operands and the code scan read x86-64.
   *
   * @param what what needs it, for the message
   */
  public void requireX86_64(String what) throws ElfException {
    if (machine != EM_X86_64) {
      throw new ElfException(path + ": " + what + " needs an x86-64 program; this one is for "
          + machineName(machine));
    }
  }

  static String machineName(int machine) {
    return switch (machine) {
      case 3 -> "i386";
      case 40 -> "ARM";
      case EM_X86_64 -> "x86-64";
      case EM_AARCH64 -> "AArch64";
      case 243 -> "RISC-V";
      case EM_BPF -> "BPF";
      default -> "machine " + machine;
    };
  }

  // ---- raw access -------------------------------------------------------------------------

  private int u8(long off) {
    return bytes.get(ValueLayout.JAVA_BYTE, off) & 0xff;
  }

  private int u16(long off) {
    return bytes.get(U16, off) & 0xffff;
  }

  private int u32(long off) {
    return bytes.get(U32, off);
  }

  private long u64(long off) {
    return bytes.get(U64, off);
  }

  private void check(long offset, long length, String what) throws ElfException {
    if (offset < 0 || length < 0 || offset + length > bytes.byteSize() || offset + length < 0) {
      throw new ElfException(path + ": " + what + " lies outside the file (offset " + offset
          + ", " + length + " bytes; the file has " + bytes.byteSize() + ")");
    }
  }

  /** The bytes of a section (empty for NOBITS); a view, not a copy. */
  public MemorySegment contents(ElfSection s) throws ElfException {
    if (!s.hasFileBytes()) {
      return MemorySegment.ofArray(new byte[0]);
    }
    check(s.offset(), s.size(), "section " + s.name());
    return bytes.asSlice(s.offset(), s.size());
  }

  private String string(long tableOffset, long tableSize, long index) {
    if (Long.compareUnsigned(index, tableSize) >= 0) {
      return "";
    }
    long start = tableOffset + index;
    long end = start;
    long limit = tableOffset + tableSize;
    while (end < limit && bytes.get(ValueLayout.JAVA_BYTE, end) != 0) {
      end++;
    }
    byte[] b = bytes.asSlice(start, end - start).toArray(ValueLayout.JAVA_BYTE);
    return new String(b, StandardCharsets.UTF_8);
  }

  // ---- sections and segments --------------------------------------------------------------

  private List<ElfSection> readSections() throws ElfException {
    long shoff = u64(40);
    int shentsize = u16(58);
    long shnum = u16(60);
    int shstrndx = u16(62);
    if (shoff == 0) {
      return List.of();
    }
    if (shentsize != 64) {
      throw new ElfException(path + ": section headers of " + shentsize + " bytes (expected 64)");
    }
    check(shoff, 64, "the section header table");
    // More than 0xff00 sections: the count and the string table index live in section 0.
    if (shnum == 0) {
      shnum = u64(shoff + 32);
    }
    if (shstrndx == 0xffff) {
      shstrndx = u32(shoff + 40);
    }
    check(shoff, shnum * 64, "the section header table");
    var raw = new ArrayList<long[]>();
    for (int i = 0; i < shnum; i++) {
      long h = shoff + 64L * i;
      raw.add(new long[] {Integer.toUnsignedLong(u32(h)), Integer.toUnsignedLong(u32(h + 4)),
          u64(h + 8), u64(h + 16), u64(h + 24), u64(h + 32), Integer.toUnsignedLong(u32(h + 40)),
          Integer.toUnsignedLong(u32(h + 44)), u64(h + 48), u64(h + 56)});
    }
    long strOff = 0;
    long strSize = 0;
    if (shstrndx < raw.size()) {
      strOff = raw.get(shstrndx)[4];
      strSize = raw.get(shstrndx)[5];
      check(strOff, strSize, "the section name table");
    }
    var list = new ArrayList<ElfSection>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      long[] r = raw.get(i);
      list.add(new ElfSection(i, string(strOff, strSize, r[0]), (int) r[1], r[2], r[3], r[4],
          r[5], (int) r[6], (int) r[7], r[8], r[9]));
    }
    return List.copyOf(list);
  }

  private List<ElfSegment> readSegments() throws ElfException {
    long phoff = u64(32);
    int phentsize = u16(54);
    int phnum = u16(56);
    if (phoff == 0 || phnum == 0) {
      return List.of();
    }
    if (phentsize != 56) {
      throw new ElfException(path + ": program headers of " + phentsize + " bytes (expected 56)");
    }
    check(phoff, 56L * phnum, "the program header table");
    var list = new ArrayList<ElfSegment>(phnum);
    for (int i = 0; i < phnum; i++) {
      long h = phoff + 56L * i;
      list.add(new ElfSegment(u32(h), u32(h + 4), u64(h + 8), u64(h + 16), u64(h + 24),
          u64(h + 32), u64(h + 40), u64(h + 48)));
    }
    return List.copyOf(list);
  }

  public List<ElfSection> sections() {
    return sections;
  }

  /** The first section with this name. */
  public Optional<ElfSection> section(String name) {
    for (ElfSection s : sections) {
      if (s.name().equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  public List<ElfSegment> segments() {
    return segments;
  }

  /** The PT_LOAD segments, in file order. */
  public List<ElfSegment> loadSegments() {
    return segments.stream().filter(ElfSegment::isLoad).toList();
  }

  /**
   * Where a virtual address is in the file: the address minus its PT_LOAD segment's virtual
   * address plus that segment's file offset. This is the offset a uprobe takes, for PIE,
   * non-PIE executables and shared libraries alike. Empty when no segment maps the address from
   * the file (bss, or not loaded at all).
   */
  public OptionalLong fileOffset(long address) {
    for (ElfSegment s : segments) {
      if (s.isLoad() && s.containsFileBacked(address)) {
        return OptionalLong.of(address - s.virtualAddress() + s.offset());
      }
    }
    return OptionalLong.empty();
  }

  /** The virtual address a file offset is loaded at (the inverse of {@link #fileOffset}). */
  public OptionalLong virtualAddress(long fileOffset) {
    for (ElfSegment s : segments) {
      if (s.isLoad() && Long.compareUnsigned(fileOffset, s.offset()) >= 0
          && Long.compareUnsigned(fileOffset - s.offset(), s.fileSize()) < 0) {
        return OptionalLong.of(fileOffset - s.offset() + s.virtualAddress());
      }
    }
    return OptionalLong.empty();
  }

  /** The segment that maps a virtual address from the file. */
  public Optional<ElfSegment> segmentAt(long address) {
    for (ElfSegment s : segments) {
      if (s.isLoad() && s.containsFileBacked(address)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The allocated section that holds a virtual address. */
  public Optional<ElfSection> sectionAt(long address) {
    for (ElfSection s : sections) {
      if (s.isAllocated() && s.size() > 0 && Long.compareUnsigned(address, s.address()) >= 0
          && Long.compareUnsigned(address - s.address(), s.size()) < 0) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  // ---- symbols ----------------------------------------------------------------------------

  /** The .symtab symbols (empty when the file is stripped), in table order. */
  public List<ElfSymbol> symbols() throws ElfException {
    List<ElfSymbol> list = symbols;
    if (list == null) {
      list = readSymbols(ElfSection.SHT_SYMTAB);
      symbols = list;
    }
    return list;
  }

  /** The .dynsym symbols (exports and imports of dynamically linked files), in table order. */
  public List<ElfSymbol> dynamicSymbols() throws ElfException {
    List<ElfSymbol> list = dynamicSymbols;
    if (list == null) {
      list = readSymbols(ElfSection.SHT_DYNSYM);
      dynamicSymbols = list;
    }
    return list;
  }

  /**
   * The symbols of one table with this name: from the decoded table when there is one, else by
   * comparing names in place (QEMU has ~20,000 dynamic symbols; decoding them all costs more
   * than a lookup needs).
   */
  private List<ElfSymbol> symbolsNamed(int sectionType, String name) throws ElfException {
    List<ElfSymbol> decoded = sectionType == ElfSection.SHT_SYMTAB ? symbols : dynamicSymbols;
    if (decoded != null) {
      return decoded.stream().filter(s -> s.name().equals(name)).toList();
    }
    return readSymbols(sectionType, name.getBytes(StandardCharsets.UTF_8));
  }

  private List<ElfSymbol> readSymbols(int sectionType) throws ElfException {
    return readSymbols(sectionType, null);
  }

  /** Whether the string at {@code at} is {@code key}, or {@code key} followed by a version. */
  private static boolean nameMatches(byte[] strings, int at, byte[] key) {
    if (at + key.length > strings.length) {
      return false;
    }
    for (int i = 0; i < key.length; i++) {
      if (strings[at + i] != key[i]) {
        return false;
      }
    }
    if (at + key.length == strings.length) {
      return true;
    }
    byte after = strings[at + key.length];
    return after == 0 || after == '@';
  }

  private List<ElfSymbol> readSymbols(int sectionType, byte[] onlyNamed) throws ElfException {
    var list = new ArrayList<ElfSymbol>();
    for (ElfSection s : sections) {
      if (s.type() != sectionType) {
        continue;
      }
      if (s.entrySize() != 24) {
        throw new ElfException(path + ": " + s.name() + " has entries of " + s.entrySize()
            + " bytes (expected 24)");
      }
      if (s.link() <= 0 || s.link() >= sections.size()) {
        throw new ElfException(path + ": " + s.name() + " names no string table");
      }
      // Array copies: a loop over ~20,000 entries runs mostly before the JIT has compiled it,
      // and plain array reads are what the interpreter does fastest.
      byte[] table = contents(s).toArray(ValueLayout.JAVA_BYTE);
      byte[] strings = contents(sections.get(s.link())).toArray(ValueLayout.JAVA_BYTE);
      boolean dynamic = sectionType == ElfSection.SHT_DYNSYM;
      int count = table.length / 24;
      // entry 0 is the reserved null symbol
      for (int i = 1; i < count; i++) {
        int e = 24 * i;
        int nameOff = (table[e] & 0xff) | (table[e + 1] & 0xff) << 8
            | (table[e + 2] & 0xff) << 16 | (table[e + 3] & 0xff) << 24;
        if (nameOff < 0 || nameOff >= strings.length) {
          nameOff = 0;
        }
        if (onlyNamed != null && !nameMatches(strings, nameOff, onlyNamed)) {
          continue;
        }
        int end = nameOff;
        // the linker writes imports into .symtab with their version: printf@GLIBC_2.2.5
        while (end < strings.length && strings[end] != 0 && strings[end] != '@') {
          end++;
        }
        String name = new String(strings, nameOff, end - nameOff, StandardCharsets.UTF_8);
        int info = table[e + 4] & 0xff;
        list.add(new ElfSymbol(name, le64(table, e + 8), le64(table, e + 16),
            ElfSymbol.Type.of(info & 0xf), ElfSymbol.Binding.of(info >>> 4),
            table[e + 5] & 0x3, (table[e + 6] & 0xff) | (table[e + 7] & 0xff) << 8, dynamic));
      }
    }
    return List.copyOf(list);
  }

  private static long le64(byte[] b, int at) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = v << 8 | (b[at + i] & 0xff);
    }
    return v;
  }

  /**
   * A defined symbol by name: .symtab first, then .dynsym. Function and object symbols come
   * before other kinds of the same name.
   */
  public Optional<ElfSymbol> symbol(String name) throws ElfException {
    ElfSymbol other = null;
    for (List<ElfSymbol> table : List.of(symbolsNamed(ElfSection.SHT_SYMTAB, name),
        symbolsNamed(ElfSection.SHT_DYNSYM, name))) {
      for (ElfSymbol s : table) {
        if (s.name().equals(name) && s.isDefined()) {
          if (s.type() == ElfSymbol.Type.FUNC || s.type() == ElfSymbol.Type.OBJECT
              || s.type() == ElfSymbol.Type.GNU_IFUNC) {
            return Optional.of(s);
          }
          if (other == null) {
            other = s;
          }
        }
      }
    }
    return Optional.ofNullable(other);
  }

  /**
   * Every defined function of .symtab and .dynsym, one per address and name, sorted by address:
   * what {@code process("P").function("*")} can match and {@code -L} lists.
   */
  public List<ElfSymbol> functions() throws ElfException {
    List<ElfSymbol> list = functions;
    if (list == null) {
      var all = new ArrayList<ElfSymbol>();
      var seen = new java.util.HashSet<String>();
      for (List<ElfSymbol> table : List.of(symbols(), dynamicSymbols())) {
        for (ElfSymbol s : table) {
          if (s.isFunction() && seen.add(s.name() + "@" + s.value())) {
            all.add(s);
          }
        }
      }
      // Of aliases at one address, the name a caller used comes first: global before local,
      // then the fewest leading underscores and the shortest (strtol, not strtoimax or
      // __strtol_alias).
      all.sort(Comparator.comparingLong(ElfSymbol::value)
          .thenComparing(s -> s.binding() == ElfSymbol.Binding.LOCAL)
          .thenComparingInt(s -> leadingUnderscores(s.name()))
          .thenComparingInt(s -> s.name().length())
          .thenComparing(ElfSymbol::name));
      list = List.copyOf(all);
      functions = list;
    }
    return list;
  }

  private static int leadingUnderscores(String name) {
    int n = 0;
    while (n < name.length() && name.charAt(n) == '_') {
      n++;
    }
    return n;
  }

  /**
   * The file offset of a symbol's address: where a uprobe on it goes.
   *
   * @throws ElfException when no PT_LOAD segment maps the symbol from the file
   */
  public long fileOffset(ElfSymbol symbol) throws ElfException {
    OptionalLong off = fileOffset(symbol.value());
    if (off.isEmpty()) {
      throw new ElfException(path + ": symbol " + symbol.name() + " at 0x"
          + Long.toHexString(symbol.value()) + " is in no loaded segment of the file");
    }
    return off.getAsLong();
  }

  /**
   * The function an address (a virtual address of this file, as in a user stack once the load
   * base is taken off) is in, and the offset into it. Empty when no function symbol covers it:
   * a symbol of known size covers only its bytes.
   */
  public Optional<FunctionOffset> symbolize(long address) throws ElfException {
    List<ElfSymbol> fns = functions();
    int lo = 0;
    int hi = fns.size() - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (Long.compareUnsigned(fns.get(mid).value(), address) <= 0) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    // several symbols may start at the address (aliases); the first in order names it, unless a
    // later one is sized and covers the address when the first does not
    while (found > 0 && fns.get(found - 1).value() == fns.get(found).value()) {
      found--;
    }
    for (int i = found; i >= 0 && i < fns.size() && fns.get(i).value() == fns.get(found).value();
        i++) {
      ElfSymbol s = fns.get(i);
      long off = address - s.value();
      if (s.size() == 0 || Long.compareUnsigned(off, s.size()) < 0) {
        return Optional.of(new FunctionOffset(s.name(), s.value(), off));
      }
    }
    return Optional.empty();
  }

  // ---- notes ------------------------------------------------------------------------------

  /** One ELF note (Elf64_Nhdr followed by its name and descriptor). */
  public record Note(String name, int type, byte[] descriptor, long descriptorAddress) {}

  /** The notes of one SHT_NOTE section. */
  public List<Note> notes(ElfSection s) throws ElfException {
    check(s.offset(), s.size(), "section " + s.name());
    // Notes are 4-byte aligned, or 8-byte in sections aligned so (.note.gnu.property).
    int align = s.alignment() == 8 ? 8 : 4;
    var list = new ArrayList<Note>();
    long pos = s.offset();
    long end = s.offset() + s.size();
    while (pos + 12 <= end) {
      long namesz = Integer.toUnsignedLong(u32(pos));
      long descsz = Integer.toUnsignedLong(u32(pos + 4));
      int type = u32(pos + 8);
      long name = pos + 12;
      // padding aligns the descriptor and the next note from the section's start (gABI)
      long desc = s.offset() + alignUp(name + namesz - s.offset(), align);
      long next = s.offset() + alignUp(desc + descsz - s.offset(), align);
      if (desc + descsz > end) {
        throw new ElfException(path + ": a note in " + s.name() + " runs past the section's end");
      }
      String n = namesz == 0 ? "" : string(name, namesz, 0);
      byte[] d = bytes.asSlice(desc, descsz).toArray(ValueLayout.JAVA_BYTE);
      list.add(new Note(n, type, d, s.address() == 0 ? 0 : s.address() + (desc - s.offset())));
      pos = next;
    }
    return list;
  }

  private static long alignUp(long v, int align) {
    return (v + align - 1) & -align;
  }

  /** The GNU build id as hex, from the NT_GNU_BUILD_ID note. */
  public Optional<String> buildId() throws ElfException {
    for (ElfSection s : sections) {
      if (s.type() == ElfSection.SHT_NOTE) {
        for (Note n : notes(s)) {
          if (n.name().equals("GNU") && n.type() == NT_GNU_BUILD_ID) {
            return Optional.of(HexFormat.of().formatHex(n.descriptor()));
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The .gnu_debuglink section's file name and CRC. */
  public Optional<DebugLink> debugLink() throws ElfException {
    Optional<ElfSection> s = section(".gnu_debuglink");
    if (s.isEmpty()) {
      return Optional.empty();
    }
    ElfSection sec = s.get();
    check(sec.offset(), sec.size(), "section .gnu_debuglink");
    String file = string(sec.offset(), sec.size(), 0);
    long crcAt = alignUp(file.getBytes(StandardCharsets.UTF_8).length + 1, 4);
    if (crcAt + 4 > sec.size()) {
      throw new ElfException(path + ": .gnu_debuglink has no CRC after the file name");
    }
    return Optional.of(new DebugLink(file, u32(sec.offset() + crcAt)));
  }

  // ---- dynamic section ------------------------------------------------------------------

  /**
   * What the dynamic linker reads of this file (.dynamic, elf.h's Elf64_Dyn entries): the
   * libraries it needs (DT_NEEDED, in order), its own name (DT_SONAME) and the folders its
   * libraries are searched in first (DT_RUNPATH, or the older DT_RPATH). Empty for a static
   * program.
   */
  public record DynamicInfo(List<String> needed, Optional<String> soname, List<String> runPath) {}

  private static final int SHT_DYNAMIC = 6;
  private static final long DT_NEEDED = 1;
  private static final long DT_RPATH = 15;
  private static final long DT_SONAME = 14;
  private static final long DT_RUNPATH = 29;

  public DynamicInfo dynamicInfo() throws ElfException {
    var needed = new ArrayList<String>();
    String soname = null;
    String runPath = null;
    String rPath = null;
    for (ElfSection s : sections) {
      if (s.type() != SHT_DYNAMIC || s.link() <= 0 || s.link() >= sections.size()) {
        continue;
      }
      check(s.offset(), s.size(), "section " + s.name());
      ElfSection strings = sections.get(s.link());
      check(strings.offset(), strings.size(), "section " + strings.name());
      for (long at = s.offset(); at + 16 <= s.offset() + s.size(); at += 16) {
        long tag = u64(at);
        long value = u64(at + 8);
        if (tag == 0) {
          break; // DT_NULL ends the table
        }
        if (tag != DT_NEEDED && tag != DT_SONAME && tag != DT_RUNPATH && tag != DT_RPATH) {
          continue;
        }
        if (value < 0 || value >= strings.size()) {
          throw new ElfException(path + ": a .dynamic entry names a string past .dynstr's end");
        }
        String text = string(strings.offset(), strings.size(), value);
        if (tag == DT_NEEDED) {
          needed.add(text);
        } else if (tag == DT_SONAME) {
          soname = text;
        } else if (tag == DT_RUNPATH) {
          runPath = text;
        } else {
          rPath = text;
        }
      }
    }
    String search = runPath != null ? runPath : rPath;
    List<String> dirs = search == null || search.isEmpty() ? List.of()
        : List.of(search.split(":"));
    return new DynamicInfo(List.copyOf(needed), Optional.ofNullable(soname), dirs);
  }

  // ---- USDT -------------------------------------------------------------------------------

  /**
   * The USDT probes of .note.stapsdt, in note order. Addresses are adjusted by the difference
   * between the .stapsdt.base section's address and the base recorded in each note (non-zero
   * only after prelink), then turned into file offsets.
   *
   * @throws ElfException when a note is malformed or an address is outside the file
   */
  public List<UsdtProbe> usdtProbes() throws ElfException {
    Optional<ElfSection> notes = section(".note.stapsdt");
    if (notes.isEmpty()) {
      return List.of();
    }
    long base = section(".stapsdt.base").map(ElfSection::address).orElse(0L);
    var list = new ArrayList<UsdtProbe>();
    for (Note n : notes(notes.get())) {
      if (!n.name().equals("stapsdt") || n.type() != NT_STAPSDT) {
        continue;
      }
      byte[] d = n.descriptor();
      if (d.length < 24 + 3) {
        throw new ElfException(path + ": a .note.stapsdt note is too short (" + d.length
            + " bytes)");
      }
      var buf = java.nio.ByteBuffer.wrap(d).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      long pc = buf.getLong(0);
      long noteBase = buf.getLong(8);
      long semaphore = buf.getLong(16);
      int p = 24;
      int providerEnd = nul(d, p);
      int nameEnd = nul(d, providerEnd + 1);
      int argsEnd = nul(d, nameEnd + 1);
      String provider = new String(d, p, providerEnd - p, StandardCharsets.UTF_8);
      String name = new String(d, providerEnd + 1, nameEnd - providerEnd - 1,
          StandardCharsets.UTF_8);
      String args = nameEnd + 1 <= d.length
          ? new String(d, nameEnd + 1, Math.max(0, argsEnd - nameEnd - 1),
              StandardCharsets.UTF_8) : "";
      if (base != 0 && noteBase != 0) {
        pc += base - noteBase;
        if (semaphore != 0) {
          semaphore += base - noteBase;
        }
      }
      String probe = provider + ":" + name;
      OptionalLong pcOffset = fileOffset(pc);
      if (pcOffset.isEmpty()) {
        throw new ElfException(path + ": USDT probe " + probe + " at 0x" + Long.toHexString(pc)
            + " is in no loaded segment");
      }
      long semaphoreOffset = 0;
      if (semaphore != 0) {
        OptionalLong so = fileOffset(semaphore);
        if (so.isEmpty()) {
          throw new ElfException(path + ": the semaphore of USDT probe " + probe + " at 0x"
              + Long.toHexString(semaphore) + " is in no loaded segment");
        }
        semaphoreOffset = so.getAsLong();
      }
      List<UsdtArgument> parsed;
      if (machine == EM_X86_64) {
        // an argument that is no operand is reported where a script uses it
        parsed = UsdtArguments.parseEach(args);
      } else {
        parsed = List.of();
      }
      list.add(new UsdtProbe(provider, name, pc, pcOffset.getAsLong(), semaphore,
          semaphoreOffset, parsed, args));
    }
    return List.copyOf(list);
  }

  private static int nul(byte[] d, int from) {
    int i = from;
    while (i < d.length && d[i] != 0) {
      i++;
    }
    return i;
  }

  @Override
  public String toString() {
    return path.toString();
  }
}

package io.jstap.elf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a little-endian ELF64 relocatable object ({@code ET_REL}): sections, global symbols and
 * {@code SHT_REL} relocations, the layout elf.h and the System V gABI fix. It is what a BPF
 * object file is ({@code clang -target bpf -c} writes the same kind), so {@code readelf} and
 * {@code llvm-objdump} read what this writes.
 *
 * <p>Sections get indexes in the order they are added, from 1 (index 0 is the null section);
 * the relocation sections, {@code .symtab}, {@code .strtab} and {@code .shstrtab} follow them.
 */
public final class ElfObjectWriter {
  public static final int SHT_PROGBITS = 1;
  public static final int SHT_SYMTAB = 2;
  public static final int SHT_STRTAB = 3;
  public static final int SHT_REL = 9;
  public static final long SHF_WRITE = 1;
  public static final long SHF_ALLOC = 2;
  public static final long SHF_EXECINSTR = 4;
  /** sh_info of a relocation section holds a section index (gABI). */
  public static final long SHF_INFO_LINK = 0x40;
  public static final int STT_NOTYPE = 0;
  public static final int STT_OBJECT = 1;
  public static final int STT_FUNC = 2;
  public static final int STB_GLOBAL = 1;

  private static final int EHDR_SIZE = 64;
  private static final int SHDR_SIZE = 64;
  private static final int SYM_SIZE = 24;
  private static final int REL_SIZE = 16;

  private record Section(String name, int type, long flags, byte[] data, long align,
      long entrySize, int link, int info) {}

  private record Symbol(String name, int type, int section, long value, long size) {}

  private record Relocation(long offset, int symbol, int type) {}

  private final int machine;
  private final List<Section> sections = new ArrayList<>();
  private final List<Symbol> symbols = new ArrayList<>();
  private final Map<Integer, List<Relocation>> relocations = new LinkedHashMap<>();

  /** @param machine e_machine, e.g. {@link ElfFile#EM_BPF} */
  public ElfObjectWriter(int machine) {
    this.machine = machine;
  }

  /** Adds a section; returns its index. */
  public int addSection(String name, int type, long flags, byte[] data, long align,
      long entrySize) {
    sections.add(new Section(name, type, flags, data.clone(), align, entrySize, 0, 0));
    return sections.size();
  }

  /** Adds a global symbol defined in {@code section}; returns its index in {@code .symtab}. */
  public int addSymbol(String name, int type, int section, long value, long size) {
    if (section < 1 || section > sections.size()) {
      throw new IllegalArgumentException("no section " + section);
    }
    symbols.add(new Symbol(name, type, section, value, size));
    return symbols.size();
  }

  /** A relocation at {@code offset} of {@code section} against {@code symbol} (an index). */
  public void addRelocation(int section, long offset, int symbol, int type) {
    if (section < 1 || section > sections.size()) {
      throw new IllegalArgumentException("no section " + section);
    }
    if (symbol < 1 || symbol > symbols.size()) throw new IllegalArgumentException("no symbol " + symbol);
    relocations.computeIfAbsent(section, s -> new ArrayList<>())
        .add(new Relocation(offset, symbol, type));
  }

  /** The whole file. */
  public byte[] toBytes() {
    var all = new ArrayList<>(sections);
    int symtabIndex = sections.size() + relocations.size() + 1;
    for (var e : relocations.entrySet()) {
      ByteBuffer rel = le(e.getValue().size() * REL_SIZE);
      for (Relocation r : e.getValue()) {
        rel.putLong(r.offset());
        rel.putLong((long) r.symbol() << 32 | (r.type() & 0xffffffffL));
      }
      all.add(new Section(".rel" + sections.get(e.getKey() - 1).name(), SHT_REL, SHF_INFO_LINK,
          rel.array(), 8, REL_SIZE, symtabIndex, e.getKey()));
    }
    var strtab = new StringTable();
    ByteBuffer symtab = le((symbols.size() + 1) * SYM_SIZE);
    symtab.position(SYM_SIZE); // entry 0: the null symbol
    for (Symbol s : symbols) {
      symtab.putInt(strtab.offset(s.name()));
      symtab.put((byte) (STB_GLOBAL << 4 | s.type()));
      symtab.put((byte) 0);
      symtab.putShort((short) s.section());
      symtab.putLong(s.value());
      symtab.putLong(s.size());
    }
    // sh_info of .symtab: the index of the first global symbol (all but the null one are).
    all.add(new Section(".symtab", SHT_SYMTAB, 0, symtab.array(), 8, SYM_SIZE, symtabIndex + 1, 1));
    all.add(new Section(".strtab", SHT_STRTAB, 0, strtab.bytes(), 1, 0, 0, 0));
    var shstrtab = new StringTable();
    for (Section s : all) shstrtab.offset(s.name());
    shstrtab.offset(".shstrtab");
    all.add(new Section(".shstrtab", SHT_STRTAB, 0, shstrtab.bytes(), 1, 0, 0, 0));

    var out = new ByteArrayOutputStream();
    out.writeBytes(new byte[EHDR_SIZE]);
    long[] offsets = new long[all.size()];
    for (int i = 0; i < all.size(); i++) {
      Section s = all.get(i);
      pad(out, Math.max(1, s.align()));
      offsets[i] = out.size();
      out.writeBytes(s.data());
    }
    pad(out, 8);
    long shoff = out.size();
    ByteBuffer headers = le((all.size() + 1) * SHDR_SIZE);
    headers.position(SHDR_SIZE); // section 0: the null section
    for (int i = 0; i < all.size(); i++) {
      Section s = all.get(i);
      headers.putInt(shstrtab.offset(s.name()));
      headers.putInt(s.type());
      headers.putLong(s.flags());
      headers.putLong(0); // sh_addr: nothing is placed in memory in a relocatable file
      headers.putLong(offsets[i]);
      headers.putLong(s.data().length);
      headers.putInt(s.link());
      headers.putInt(s.info());
      headers.putLong(s.align());
      headers.putLong(s.entrySize());
    }
    out.writeBytes(headers.array());
    byte[] file = out.toByteArray();
    ByteBuffer h = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    h.put(new byte[] {0x7f, 'E', 'L', 'F', 2 /* ELFCLASS64 */, 1 /* ELFDATA2LSB */,
        1 /* EV_CURRENT */, 0 /* ELFOSABI_NONE */});
    h.position(16);
    h.putShort((short) ElfFile.ET_REL);
    h.putShort((short) machine);
    h.putInt(1); // e_version
    h.putLong(0); // e_entry
    h.putLong(0); // e_phoff: no program headers
    h.putLong(shoff);
    h.putInt(0); // e_flags
    h.putShort((short) EHDR_SIZE);
    h.putShort((short) 0); // e_phentsize
    h.putShort((short) 0); // e_phnum
    h.putShort((short) SHDR_SIZE);
    h.putShort((short) (all.size() + 1));
    h.putShort((short) all.size()); // e_shstrndx: .shstrtab is last
    return file;
  }

  private static void pad(ByteArrayOutputStream out, long align) {
    while (out.size() % align != 0) out.write(0);
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** A string table: NUL-terminated strings, offset 0 the empty string. */
  private static final class StringTable {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Map<String, Integer> offsets = new LinkedHashMap<>();

    StringTable() {
      bytes.write(0);
      offsets.put("", 0);
    }

    int offset(String s) {
      return offsets.computeIfAbsent(s, k -> {
        int at = bytes.size();
        bytes.writeBytes(k.getBytes(StandardCharsets.UTF_8));
        bytes.write(0);
        return at;
      });
    }

    byte[] bytes() {
      return bytes.toByteArray();
    }
  }
}

package io.jstap.module;

import io.jstap.bpf.AssembledProgram;
import io.jstap.bpf.AttachType;
import io.jstap.bpf.Instruction;
import io.jstap.bpf.InstructionEncoding;
import io.jstap.bpf.LoadImm64;
import io.jstap.bpf.MapSpec;
import io.jstap.bpf.MapType;
import io.jstap.bpf.ProgramSpec;
import io.jstap.bpf.ProgramType;
import io.jstap.bpf.Reg;
import io.jstap.codegen.AttachPoint;
import io.jstap.codegen.OutputRecord;
import io.jstap.elf.ElfException;
import io.jstap.elf.ElfFile;
import io.jstap.elf.ElfObjectWriter;
import io.jstap.elf.ElfSection;
import io.jstap.elf.ElfSymbol;
import io.jstap.kernel.btf.BtfType;
import io.jstap.kernel.btf.BtfWriter;
import io.jstap.lang.Span;
import io.jstap.format.FormatParse;
import io.jstap.format.FormatPiece;
import io.jstap.format.RecordKind;
import io.jstap.format.RecordLayout;
import io.jstap.format.StapFormat;
import io.jstap.sema.ProbeEnvironment.TracepointArg;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The module file ({@code NAME.bo}): an ELF64 relocatable object for {@code EM_BPF}, laid out as
 * BPF objects are (what {@code clang -target bpf -c} writes and libbpf reads), so that {@code
 * readelf -S} and {@code llvm-objdump -d} read it:
 *
 * <ul>
 *   <li>one executable section per program, named after its attach point ({@code
 *       tracepoint/sched/sched_switch}, {@code raw_tracepoint/sys_enter}, {@code
 *       uprobe//usr/bin/ls:0x4a10}, ...) with a function symbol of the program's name, and its
 *       map references as {@code R_BPF_64_64} relocations against the maps' symbols;
 *   <li>{@code .maps}: one object per map, described in {@code .BTF} the way libbpf's
 *       BTF-defined maps are ({@code __uint(type, ...)}, {@code __uint(key_size, ...)}...);
 *   <li>{@code license}: {@code "GPL"};
 *   <li>{@code .jstap}: the magic {@code JSTAPMOD}, the CRC32C of the whole file (computed with
 *       these 4 bytes zero), the format version, then the metadata: module name, jstap
 *       version, kernel identity, the script's inputs for passes 1 and 2, the globals' layout,
 *       the output records, the maps with their initial contents, and per program its attach
 *       point and the source position of each instruction.
 * </ul>
 *
 * <p>A module whose checksum does not match is damaged: a CRC32C catches every change of up to
 * 32 consecutive bits (so any flipped byte), and other damage but for a chance of 2^-32.
 * Reading a damaged module fails with a {@link ModuleException} that says so, never with
 * another exception. (The checksum guards against accidents, not forgery: a module is trusted
 * as the script it came from is.)
 */
public final class ModuleFile {
  /** The format version this jstap writes and reads. */
  public static final int FORMAT_VERSION = 2;
  /** The file name extension, as stap's is {@code .ko}. */
  public static final String EXTENSION = ".bo";

  private static final byte[] MAGIC = "JSTAPMOD".getBytes(StandardCharsets.US_ASCII);
  private static final int CHECKSUM_SIZE = 4;
  static final String METADATA_SECTION = ".jstap";
  /** R_BPF_64_64: a 64-bit immediate (ld_imm64) relocated against a symbol (llvm, BPF ELF ABI). */
  private static final int R_BPF_64_64 = 1;
  /** Bytes of one BTF-defined map object: five pointer-sized members. */
  private static final int MAP_OBJECT_SIZE = 40;
  private static final int SHT_REL = 9;

  private ModuleFile() {}

  /** Writes {@code module} to {@code file}. */
  public static void write(ScriptModule module, Path file) throws IOException {
    Files.write(file, write(module));
  }

  /** Reads a module file, checking that it is whole. */
  public static ScriptModule read(Path file) throws ModuleException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ModuleException("there is no file " + file);
    } catch (IOException e) {
      throw new ModuleException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return read(bytes, file.toString());
  }

  // ---- writing --------------------------------------------------------------------------------

  /** The module file's bytes. */
  public static byte[] write(ScriptModule module) {
    var elf = new ElfObjectWriter(ElfFile.EM_BPF);
    var programSections = new ArrayList<Integer>();
    var pendingRelocations = new ArrayList<long[]>(); // section, offset, map index
    var mapIndex = new HashMap<String, Integer>();
    for (int i = 0; i < module.maps().size(); i++) mapIndex.put(module.maps().get(i).name(), i);
    for (ScriptModule.Program p : module.programs()) {
      AssembledProgram code = p.spec().code();
      var placeholders = new ArrayList<Instruction>();
      var relocationSlots = new ArrayList<long[]>();
      int slot = 0;
      for (Instruction insn : code.instructions()) {
        Instruction written = switch (insn) {
          case LoadImm64(Reg dst, LoadImm64.MapByName(String m)) -> {
            relocationSlots.add(new long[] {slot, mapNumber(mapIndex, m)});
            yield new LoadImm64(dst, new LoadImm64.MapFd(0));
          }
          case LoadImm64(Reg dst, LoadImm64.MapValueByName(String m, int off)) -> {
            relocationSlots.add(new long[] {slot, mapNumber(mapIndex, m)});
            yield new LoadImm64(dst, new LoadImm64.MapValueFd(0, off));
          }
          default -> insn;
        };
        placeholders.add(written);
        slot += insn.slots();
      }
      byte[] bytes = InstructionEncoding.encode(placeholders);
      int section = elf.addSection(sectionName(p.attach()), ElfObjectWriter.SHT_PROGBITS,
          ElfObjectWriter.SHF_ALLOC | ElfObjectWriter.SHF_EXECINSTR, bytes, 8, 0);
      programSections.add(section);
      elf.addSymbol(p.spec().name(), ElfObjectWriter.STT_FUNC, section, 0, bytes.length);
      for (long[] r : relocationSlots) pendingRelocations.add(new long[] {section, r[0] * 8, r[1]});
    }
    int[] mapSymbols = new int[module.maps().size()];
    if (!module.maps().isEmpty()) {
      int maps = elf.addSection(".maps", ElfObjectWriter.SHT_PROGBITS,
          ElfObjectWriter.SHF_WRITE | ElfObjectWriter.SHF_ALLOC,
          new byte[MAP_OBJECT_SIZE * module.maps().size()], 8, 0);
      for (int i = 0; i < mapSymbols.length; i++) {
        mapSymbols[i] = elf.addSymbol(module.maps().get(i).name(), ElfObjectWriter.STT_OBJECT,
            maps, (long) MAP_OBJECT_SIZE * i, MAP_OBJECT_SIZE);
      }
    }
    for (long[] r : pendingRelocations) {
      elf.addRelocation((int) r[0], r[1], mapSymbols[(int) r[2]], R_BPF_64_64);
    }
    String license = module.programs().isEmpty() ? "GPL" : module.programs().getFirst().spec().license();
    elf.addSection("license", ElfObjectWriter.SHT_PROGBITS,
        ElfObjectWriter.SHF_WRITE | ElfObjectWriter.SHF_ALLOC,
        (license + "\0").getBytes(StandardCharsets.UTF_8), 1, 0);
    elf.addSection(".BTF", ElfObjectWriter.SHT_PROGBITS, 0, mapsBtf(module.maps()), 4, 0);
    byte[] metadata = metadata(module, programSections);
    var jstap = new ByteArrayOutputStream();
    jstap.writeBytes(MAGIC);
    jstap.writeBytes(new byte[CHECKSUM_SIZE]);
    jstap.writeBytes(le32(FORMAT_VERSION));
    jstap.writeBytes(metadata);
    elf.addSection(METADATA_SECTION, ElfObjectWriter.SHT_PROGBITS, 0, jstap.toByteArray(), 8, 0);
    byte[] file = elf.toBytes();
    int checksumAt = metadataOffset(file) + MAGIC.length;
    System.arraycopy(le32(KernelIdentity.crc32c(file)), 0, file, checksumAt, CHECKSUM_SIZE);
    return file;
  }

  private static int mapNumber(Map<String, Integer> mapIndex, String map) {
    Integer i = mapIndex.get(map);
    if (i == null) throw new IllegalStateException("program refers to map " + map + ", which the module lacks");
    return i;
  }

  /** Where the .jstap section starts in a file this class wrote. */
  private static int metadataOffset(byte[] file) {
    try {
      ElfSection s = ElfFile.of(file, "module").section(METADATA_SECTION).orElseThrow();
      return (int) s.offset();
    } catch (ElfException e) {
      throw new IllegalStateException("jstap wrote an ELF file it cannot read: " + e.getMessage(), e);
    }
  }

  private static byte[] le32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }

  /**
   * Section names as libbpf spells attach points (tools/lib/bpf/libbpf.c, section_defs), so that
   * listings read familiar.
   */
  static String sectionName(AttachPoint attach) {
    return switch (attach) {
      case AttachPoint.RawTracepoint r -> "raw_tracepoint/" + r.event();
      case AttachPoint.Tracepoint t -> "tracepoint/" + t.subsystem() + "/" + t.event();
      case AttachPoint.Uprobe u -> (u.refCtrOffset() != 0 ? "usdt/" : u.isReturn() ? "uretprobe/"
          : "uprobe/") + u.binary() + ":0x" + Long.toHexString(u.fileOffset());
      case AttachPoint.PerfEvent e -> "perf_event";
      case AttachPoint.Kprobe k -> (k.isReturn() ? "kretprobe/" : "kprobe/") + k.function();
    };
  }

  /**
   * BTF describing the maps as libbpf's BTF-defined maps (tools/lib/bpf/bpf_helpers.h): each map
   * a global variable in the {@code .maps} data section, whose type is a struct of pointers to
   * arrays whose lengths are the values ({@code int (*type)[BPF_MAP_TYPE_HASH]}).
   */
  static byte[] mapsBtf(List<MapSpec> maps) {
    var btf = new BtfWriter();
    int intType = btf.add(new BtfType.Int(0, "int", 4, true, false, false, 0, 32));
    int indexType = btf.add(new BtfType.Int(0, "__ARRAY_SIZE_TYPE__", 4, false, false, false, 0, 32));
    var pointers = new HashMap<Integer, Integer>();
    var placements = new ArrayList<BtfType.VarPlacement>();
    for (int i = 0; i < maps.size(); i++) {
      MapSpec m = maps.get(i);
      int[] values = {m.type().id(), m.keySize(), m.valueSize(), m.maxEntries(), m.flags()};
      String[] names = {"type", "key_size", "value_size", "max_entries", "map_flags"};
      var members = new ArrayList<BtfType.Member>();
      for (int k = 0; k < values.length; k++) {
        int value = values[k];
        Integer ptr = pointers.get(value);
        if (ptr == null) {
          int array = btf.add(new BtfType.Array(0, intType, indexType, value));
          ptr = btf.add(new BtfType.Ptr(0, array));
          pointers.put(value, ptr);
        }
        members.add(new BtfType.Member(names[k], ptr, 64L * k, 0));
      }
      int struct = btf.add(new BtfType.Struct(0, "", MAP_OBJECT_SIZE, members));
      int variable = btf.add(new BtfType.Var(0, m.name(), struct, 1));
      placements.add(new BtfType.VarPlacement(variable, MAP_OBJECT_SIZE * i, MAP_OBJECT_SIZE));
    }
    if (!maps.isEmpty()) {
      btf.add(new BtfType.DataSec(0, ".maps", MAP_OBJECT_SIZE * maps.size(), placements));
    }
    return btf.toBytes();
  }

  private static byte[] metadata(ScriptModule m, List<Integer> programSections) {
    var out = new MetadataOutput();
    out.str(m.name());
    out.str(m.jstapVersion());
    out.str(m.kernel().release());
    out.str(m.kernel().machine());
    out.str(m.kernel().btfDigest());
    writeInputs(out, m.inputs());
    out.str(m.storageLayout());
    out.str(m.limits());
    out.list(m.binaries(), (o, b) -> {
      o.str(b.path());
      o.str(b.digest());
    });
    out.list(m.maps(), (o, s) -> {
      o.str(s.name());
      o.str(s.type().name());
      o.i32(s.keySize());
      o.i32(s.valueSize());
      o.i32(s.maxEntries());
      o.i32(s.flags());
    });
    out.list(new ArrayList<>(new java.util.TreeMap<>(m.mapContents()).entrySet()), (o, e) -> {
      o.str(e.getKey());
      o.list(e.getValue(), MetadataOutput::bytes);
    });
    out.strings(new java.util.TreeSet<>(m.frozenMaps()));
    out.list(m.records(), ModuleFile::writeRecord);
    out.i32(m.programs().size());
    for (int i = 0; i < m.programs().size(); i++) {
      ScriptModule.Program p = m.programs().get(i);
      out.i32(programSections.get(i));
      out.str(p.point());
      out.str(p.spec().name());
      out.str(p.spec().type().name());
      out.str(p.spec().license());
      out.str(p.spec().expectedAttachType() == null ? null : p.spec().expectedAttachType().name());
      out.i32(p.spec().attachBtfId());
      out.i32(p.spec().flags());
      out.bool(p.optional());
      writeAttach(out, p.attach());
      writePositions(out, p.spec().code().positions());
    }
    return out.toBytes();
  }

  private static void writeInputs(MetadataOutput out, ScriptInputs in) {
    out.source(in.script());
    out.list(in.macroFiles(), MetadataOutput::source);
    out.list(in.tapsets(), MetadataOutput::source);
    out.strings(in.arguments());
    out.list(new java.util.TreeMap<>(in.defines()).entrySet(), (o, e) -> {
      o.str(e.getKey());
      o.str(e.getValue());
    });
    out.bool(in.guru());
    out.str(in.kernelRelease());
    out.str(in.arch());
    out.list(new java.util.TreeMap<>(in.kernelConfig()).entrySet(), (o, e) -> {
      o.str(e.getKey());
      o.str(e.getValue().orElse(null));
    });
    out.str(in.defaultProcess());
    EnvironmentRecording env = in.environment();
    out.bool(env.tracepoints() != null);
    if (env.tracepoints() != null) out.strings(env.tracepoints());
    out.list(new java.util.TreeMap<>(env.tracepointArgs()).entrySet(), (o, e) -> {
      o.str(e.getKey());
      o.list(e.getValue(), (o2, a) -> {
        o2.str(a.name());
        o2.str(a.cType());
      });
    });
    out.bool(env.kernelFunctions() != null);
    if (env.kernelFunctions() != null) out.strings(env.kernelFunctions());
    out.list(new java.util.TreeMap<>(env.binaries()).entrySet(), (o, e) -> {
      o.str(e.getKey());
      o.str(e.getValue().orElse(null));
    });
    out.list(new java.util.TreeMap<>(env.executables()).entrySet(), (o, e) -> {
      o.i64(e.getKey());
      o.str(e.getValue().orElse(null));
    });
    out.list(new java.util.TreeMap<>(env.functions()).entrySet(), (o, e) -> {
      o.str(e.getKey());
      o.strings(e.getValue());
    });
    out.list(new java.util.TreeMap<>(env.marks()).entrySet(), (o, e) -> {
      o.str(e.getKey());
      o.strings(e.getValue());
    });
    out.i64(env.jiffyNanos());
    out.list(new java.util.TreeMap<>(env.exists()).entrySet(), (o, e) -> {
      o.str(e.getKey());
      o.bool(e.getValue());
    });
    out.list(new java.util.TreeMap<>(env.libraries()).entrySet(), (o, e) -> {
      o.str(e.getKey());
      o.strings(e.getValue());
    });
  }

  private static void writeRecord(MetadataOutput out, OutputRecord r) {
    out.i32(r.id());
    out.str(r.channel().name());
    out.bool(r.format() != null);
    if (r.format() != null) out.bytes(canonicalFormat(r.format()));
    out.bool(r.layout() != null);
    if (r.layout() != null) {
      out.list(r.layout().fields(), (o, f) -> {
        o.str(f.kind().name());
        o.i32(f.offset());
        o.i32(f.capacity());
      });
      out.i32(r.layout().size());
    }
    // symbols and stacks user space computes: one name per operand, "" for none
    out.bool(r.deferred() != null);
    if (r.deferred() != null) {
      out.list(r.deferred(), (o, d) -> o.str(d == null ? "" : d.name()));
    }
  }

  /**
   * A format's pieces written back as a format that parses to the same pieces: literal bytes
   * with {@code %} doubled, conversions as written. (Formats made by print and println have no
   * text of their own that would parse back.)
   */
  static byte[] canonicalFormat(StapFormat format) {
    var b = new ByteArrayOutputStream();
    for (FormatPiece p : format.pieces()) {
      switch (p) {
        case FormatPiece.Literal l -> {
          for (byte x : l.bytes()) {
            if (x == '%') b.write('%');
            b.write(x);
          }
        }
        case FormatPiece.Conversion c -> b.writeBytes(c.text().getBytes(StandardCharsets.ISO_8859_1));
      }
    }
    byte[] bytes = b.toByteArray();
    if (!sameShape(format, parseFormat(bytes))) {
      throw new IllegalStateException("format \"" + format.text() + "\" does not survive being"
          + " written to a module");
    }
    return bytes;
  }

  private static StapFormat parseFormat(byte[] bytes) {
    return switch (StapFormat.parse(bytes)) {
      case FormatParse.Parsed p -> p.format();
      case FormatParse.Invalid i -> null;
    };
  }

  /** Whether two formats print the same: same literal bytes and conversions, in order. */
  private static boolean sameShape(StapFormat a, StapFormat b) {
    return b != null && shape(a).equals(shape(b));
  }

  private static List<Object> shape(StapFormat f) {
    var out = new ArrayList<Object>();
    var literal = new ByteArrayOutputStream();
    for (FormatPiece p : f.pieces()) {
      switch (p) {
        case FormatPiece.Literal l -> literal.writeBytes(l.bytes());
        case FormatPiece.Conversion c -> {
          if (literal.size() > 0) out.add(Arrays.toString(literal.toByteArray()));
          literal.reset();
          out.add(List.of(c.kind(), c.flags(), c.width(), c.precision()));
        }
      }
    }
    if (literal.size() > 0) out.add(Arrays.toString(literal.toByteArray()));
    return out;
  }

  private static void writeAttach(MetadataOutput out, AttachPoint a) {
    switch (a) {
      case AttachPoint.RawTracepoint r -> {
        out.u8(1);
        out.str(r.event());
      }
      case AttachPoint.Tracepoint t -> {
        out.u8(2);
        out.str(t.subsystem());
        out.str(t.event());
      }
      case AttachPoint.Uprobe u -> {
        out.u8(3);
        out.str(u.binary());
        out.i64(u.fileOffset());
        out.bool(u.isReturn());
        out.i64(u.refCtrOffset());
        out.i64(u.pid());
      }
      case AttachPoint.PerfEvent e -> {
        out.u8(4);
        out.i32(e.type());
        out.i64(e.config());
        out.i64(e.period());
        out.bool(e.frequency());
      }
      case AttachPoint.Kprobe k -> {
        out.u8(5);
        out.str(k.function());
        out.bool(k.isReturn());
      }
    }
  }

  /** Source positions, one run per stretch of instructions with the same position. */
  private static void writePositions(MetadataOutput out, List<Object> positions) {
    var runs = new ArrayList<Object[]>();
    for (Object p : positions) {
      if (!runs.isEmpty() && Objects.equals(runs.getLast()[0], p)) {
        runs.getLast()[1] = (Integer) runs.getLast()[1] + 1;
      } else {
        runs.add(new Object[] {p, 1});
      }
    }
    out.i32(positions.size());
    out.list(runs, (o, r) -> {
      o.i32((Integer) r[1]);
      switch (r[0]) {
        case null -> o.u8(0);
        case Span s -> {
          o.u8(1);
          o.source(s.source());
          o.i32(s.start());
          o.i32(s.end());
        }
        default -> {
          o.u8(2);
          o.str(r[0].toString());
        }
      }
    });
  }

  // ---- reading --------------------------------------------------------------------------------

  /**
   * Reads a module from its bytes.
   *
   * @param name the file's name, for messages
   */
  public static ScriptModule read(byte[] bytes, String name) throws ModuleException {
    try {
      return readChecked(bytes, name);
    } catch (ModuleException e) {
      throw e;
    } catch (RuntimeException e) {
      // A damaged file that passed the checksum is not possible; this is a defect of the reader
      // or the writer, reported as such rather than as a stack trace.
      throw new ModuleException(name + " cannot be read: " + e, e);
    }
  }

  private static ScriptModule readChecked(byte[] bytes, String name) throws ModuleException {
    ElfFile elf;
    try {
      elf = ElfFile.of(bytes, name);
    } catch (ElfException e) {
      throw new ModuleException(name + " is not a jstap module, or is damaged: " + e.getMessage());
    } catch (RuntimeException e) {
      throw new ModuleException(name + " is damaged: its ELF headers do not hold together");
    }
    if (elf.machine() != ElfFile.EM_BPF || elf.type() != ElfFile.ET_REL) {
      throw new ModuleException(name + " is not a jstap module (an ELF file, but not a BPF"
          + " object) or is damaged");
    }
    ElfSection meta = elf.section(METADATA_SECTION).orElseThrow(() -> new ModuleException(name
        + " is not a jstap module (it has no " + METADATA_SECTION + " section), or is damaged"));
    byte[] section;
    try {
      section = elf.contents(meta).toArray(ValueLayout.JAVA_BYTE);
    } catch (ElfException e) {
      throw new ModuleException(name + " is damaged: " + e.getMessage());
    }
    if (section.length < MAGIC.length + CHECKSUM_SIZE + 4
        || !Arrays.equals(section, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new ModuleException(name + " is not a jstap module (its " + METADATA_SECTION
          + " section does not start with " + new String(MAGIC, StandardCharsets.US_ASCII)
          + "), or is damaged");
    }
    int stored = ByteBuffer.wrap(section, MAGIC.length, CHECKSUM_SIZE)
        .order(ByteOrder.LITTLE_ENDIAN).getInt();
    byte[] zeroed = bytes.clone();
    int checksumAt = (int) meta.offset() + MAGIC.length;
    Arrays.fill(zeroed, checksumAt, checksumAt + CHECKSUM_SIZE, (byte) 0);
    if (stored != KernelIdentity.crc32c(zeroed)) {
      throw new ModuleException(name + " is damaged: its checksum does not match its contents"
          + " (some byte changed after it was written); compile the script again");
    }
    int version = ByteBuffer.wrap(section, MAGIC.length + CHECKSUM_SIZE, 4)
        .order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (version != FORMAT_VERSION) {
      throw new ModuleException(name + " is a module of format " + version + "; this jstap"
          + " reads format " + FORMAT_VERSION + ": compile the script again with this jstap");
    }
    byte[] metadata = Arrays.copyOfRange(section, MAGIC.length + CHECKSUM_SIZE + 4, section.length);
    try {
      return decode(new MetadataInput(metadata), elf);
    } catch (ModuleException e) {
      throw new ModuleException(name + ": " + e.getMessage(), e);
    }
  }

  private static ScriptModule decode(MetadataInput in, ElfFile elf) throws ModuleException {
    String moduleName = in.requiredStr();
    String version = in.requiredStr();
    var kernel = new KernelIdentity(in.requiredStr(), in.requiredStr(), in.requiredStr());
    ScriptInputs inputs = readInputs(in);
    String storage = in.requiredStr();
    String limits = in.requiredStr();
    var binaries = in.list(i -> new ScriptModule.BinaryDigest(i.requiredStr(), i.requiredStr()));
    var maps = in.list(i -> {
      String n = i.requiredStr();
      MapType type = i.enumValue(MapType.class);
      int key = i.i32();
      int value = i.i32();
      int entries = i.i32();
      int flags = i.i32();
      try {
        return new MapSpec(n, type, key, value, entries, flags);
      } catch (IllegalArgumentException e) {
        throw MetadataInput.damaged(e.getMessage());
      }
    });
    var contents = new LinkedHashMap<String, List<byte[]>>();
    for (var e : in.list(i -> Map.entry(i.requiredStr(), i.list(MetadataInput::bytes)))) {
      contents.put(e.getKey(), e.getValue());
    }
    var frozen = new LinkedHashSet<>(in.strings());
    var records = in.list(ModuleFile::readRecord);
    int programCount = in.count();
    var symbols = symbols(elf);
    var programs = new ArrayList<ScriptModule.Program>();
    for (int k = 0; k < programCount; k++) {
      int sectionIndex = in.i32();
      String point = in.requiredStr();
      String programName = in.requiredStr();
      ProgramType type = in.enumValue(ProgramType.class);
      String license = in.requiredStr();
      String attachType = in.str();
      int btfId = in.i32();
      int flags = in.i32();
      boolean optional = in.bool();
      AttachPoint attach = readAttach(in);
      List<Object> positions = readPositions(in);
      List<Instruction> code = code(elf, sectionIndex, symbols);
      if (code.size() != positions.size()) {
        throw MetadataInput.damaged("program " + programName + " has " + code.size()
            + " instructions and " + positions.size() + " positions");
      }
      AttachType expected = null;
      if (attachType != null) {
        try {
          expected = AttachType.valueOf(attachType);
        } catch (IllegalArgumentException e) {
          throw MetadataInput.damaged("unknown attach type " + attachType);
        }
      }
      try {
        programs.add(new ScriptModule.Program(point, new ProgramSpec(programName, type,
            new AssembledProgram(code, positions), license, expected, btfId, flags), attach,
            optional));
      } catch (IllegalArgumentException e) {
        throw MetadataInput.damaged(e.getMessage());
      }
    }
    in.end();
    return new ScriptModule(moduleName, version, kernel, inputs, storage, limits, programs, records,
        maps, contents, frozen, binaries);
  }

  private static ScriptInputs readInputs(MetadataInput in) throws ModuleException {
    var script = in.source();
    var macros = in.list(MetadataInput::source);
    var tapsets = in.list(MetadataInput::source);
    var arguments = in.strings();
    var defines = new LinkedHashMap<String, String>();
    for (var e : in.list(i -> Map.entry(i.requiredStr(), i.requiredStr()))) {
      defines.put(e.getKey(), e.getValue());
    }
    boolean guru = in.bool();
    String release = in.requiredStr();
    String arch = in.requiredStr();
    var config = new LinkedHashMap<String, Optional<String>>();
    for (var e : in.list(i -> Map.entry(i.requiredStr(), Optional.ofNullable(i.str())))) {
      config.put(e.getKey(), e.getValue());
    }
    String defaultProcess = in.str();
    List<String> tracepoints = in.bool() ? in.strings() : null;
    var args = new LinkedHashMap<String, List<TracepointArg>>();
    for (var e : in.list(i -> Map.entry(i.requiredStr(),
        i.list(j -> new TracepointArg(j.requiredStr(), j.requiredStr()))))) {
      args.put(e.getKey(), e.getValue());
    }
    List<String> kernelFunctions = in.bool() ? in.strings() : null;
    var binaries = new LinkedHashMap<String, Optional<String>>();
    for (var e : in.list(i -> Map.entry(i.requiredStr(), Optional.ofNullable(i.str())))) {
      binaries.put(e.getKey(), e.getValue());
    }
    var executables = new LinkedHashMap<Long, Optional<String>>();
    for (var e : in.list(i -> Map.entry(i.i64(), Optional.ofNullable(i.str())))) {
      executables.put(e.getKey(), e.getValue());
    }
    var functions = new LinkedHashMap<String, List<String>>();
    for (var e : in.list(i -> Map.entry(i.requiredStr(), i.strings()))) {
      functions.put(e.getKey(), e.getValue());
    }
    var marks = new LinkedHashMap<String, List<String>>();
    for (var e : in.list(i -> Map.entry(i.requiredStr(), i.strings()))) {
      marks.put(e.getKey(), e.getValue());
    }
    long jiffy = in.i64();
    var exists = new LinkedHashMap<String, Boolean>();
    for (var e : in.list(i -> Map.entry(i.requiredStr(), i.bool()))) {
      exists.put(e.getKey(), e.getValue());
    }
    var libraries = new LinkedHashMap<String, List<String>>();
    for (var e : in.list(i -> Map.entry(i.requiredStr(), i.strings()))) {
      libraries.put(e.getKey(), e.getValue());
    }
    var env = new EnvironmentRecording(tracepoints, args, kernelFunctions, binaries, executables,
        functions, marks, jiffy, exists, libraries);
    return new ScriptInputs(script, macros, tapsets, arguments, defines, guru, release, arch,
        config, defaultProcess, env);
  }

  private static OutputRecord readRecord(MetadataInput in) throws ModuleException {
    int id = in.i32();
    OutputRecord.Channel channel = in.enumValue(OutputRecord.Channel.class);
    StapFormat format = null;
    if (in.bool()) {
      format = parseFormat(in.bytes());
      if (format == null) throw MetadataInput.damaged("a format that does not parse");
    }
    RecordLayout layout = null;
    if (in.bool()) {
      var fields = in.list(i -> {
        RecordKind kind = i.enumValue(RecordKind.class);
        int offset = i.i32();
        int capacity = i.i32();
        try {
          return new RecordLayout.Field(kind, offset, capacity);
        } catch (IllegalArgumentException e) {
          throw MetadataInput.damaged(e.getMessage());
        }
      });
      int size = in.i32();
      try {
        layout = new RecordLayout(fields, size);
        if (format != null) layout.checkFits(format);
      } catch (IllegalArgumentException e) {
        throw MetadataInput.damaged(e.getMessage());
      }
    }
    java.util.List<OutputRecord.Deferred> deferred = null;
    if (in.bool()) {
      deferred = in.list(i -> {
        String name = i.str();
        if (name == null || name.isEmpty()) return null;
        try {
          return OutputRecord.Deferred.valueOf(name);
        } catch (IllegalArgumentException e) {
          throw MetadataInput.damaged("an unknown deferred operand " + name);
        }
      });
    }
    return new OutputRecord(id, channel, format, layout, deferred);
  }

  private static AttachPoint readAttach(MetadataInput in) throws ModuleException {
    int tag = in.u8();
    return switch (tag) {
      case 1 -> new AttachPoint.RawTracepoint(in.requiredStr());
      case 2 -> new AttachPoint.Tracepoint(in.requiredStr(), in.requiredStr());
      case 3 -> new AttachPoint.Uprobe(in.requiredStr(), in.i64(), in.bool(), in.i64(), in.i64());
      case 4 -> new AttachPoint.PerfEvent(in.i32(), in.i64(), in.i64(), in.bool());
      case 5 -> new AttachPoint.Kprobe(in.requiredStr(), in.bool());
      default -> throw MetadataInput.damaged("attach point kind " + tag);
    };
  }

  private static List<Object> readPositions(MetadataInput in) throws ModuleException {
    int total = in.i32();
    var positions = new ArrayList<Object>();
    int runs = in.count();
    for (int r = 0; r < runs; r++) {
      int count = in.i32();
      if (count < 1 || positions.size() + count > total) throw MetadataInput.damaged("a run of " + count);
      Object position = switch (in.u8()) {
        case 0 -> null;
        case 1 -> {
          var source = in.source();
          int start = in.i32();
          int end = in.i32();
          try {
            yield new Span(source, start, end);
          } catch (IllegalArgumentException e) {
            throw MetadataInput.damaged(e.getMessage());
          }
        }
        case 2 -> in.requiredStr();
        default -> throw MetadataInput.damaged("a position kind");
      };
      for (int i = 0; i < count; i++) positions.add(position);
    }
    if (positions.size() != total) throw MetadataInput.damaged("positions");
    return positions;
  }

  private static List<ElfSymbol> symbols(ElfFile elf) throws ModuleException {
    try {
      return elf.symbols();
    } catch (ElfException e) {
      throw MetadataInput.damaged(e.getMessage());
    }
  }

  /**
   * A program's instructions, its map references named again: each {@code R_BPF_64_64}
   * relocation names the map whose symbol it points to.
   */
  private static List<Instruction> code(ElfFile elf, int sectionIndex, List<ElfSymbol> symbols)
      throws ModuleException {
    List<ElfSection> sections = elf.sections();
    ElfSection section = sections.stream().filter(s -> s.index() == sectionIndex).findFirst()
        .orElseThrow(() -> MetadataInput.damaged("no section " + sectionIndex));
    if (!section.isExecutable()) throw MetadataInput.damaged(section.name() + " holds no code");
    List<Instruction> decoded;
    try {
      decoded = InstructionEncoding.decode(elf.contents(section).toArray(ValueLayout.JAVA_BYTE));
    } catch (ElfException | IllegalArgumentException e) {
      throw MetadataInput.damaged(section.name() + ": " + e.getMessage());
    }
    var mapAtSlot = new HashMap<Long, String>();
    for (ElfSection rel : sections) {
      if (rel.type() != SHT_REL || rel.info() != sectionIndex) continue;
      byte[] entries;
      try {
        entries = elf.contents(rel).toArray(ValueLayout.JAVA_BYTE);
      } catch (ElfException e) {
        throw MetadataInput.damaged(e.getMessage());
      }
      ByteBuffer b = ByteBuffer.wrap(entries).order(ByteOrder.LITTLE_ENDIAN);
      while (b.remaining() >= 16) {
        long offset = b.getLong();
        long info = b.getLong();
        int symbol = (int) (info >>> 32);
        if ((int) info != R_BPF_64_64 || symbol < 1 || symbol > symbols.size() || offset % 8 != 0) {
          throw MetadataInput.damaged("relocation in " + rel.name());
        }
        mapAtSlot.put(offset / 8, symbols.get(symbol - 1).name());
      }
    }
    var out = new ArrayList<Instruction>(decoded.size());
    long slot = 0;
    for (Instruction insn : decoded) {
      String map = mapAtSlot.remove(slot);
      Instruction named = switch (insn) {
        case LoadImm64(Reg dst, LoadImm64.MapFd fd) when map != null ->
            new LoadImm64(dst, new LoadImm64.MapByName(map));
        case LoadImm64(Reg dst, LoadImm64.MapValueFd(int fd, int off)) when map != null ->
            new LoadImm64(dst, new LoadImm64.MapValueByName(map, off));
        case LoadImm64(Reg dst, LoadImm64.MapFd fd) ->
            throw MetadataInput.damaged("a map reference without relocation in " + section.name());
        case LoadImm64(Reg dst, LoadImm64.MapValueFd fd) ->
            throw MetadataInput.damaged("a map reference without relocation in " + section.name());
        default -> {
          if (map != null) throw MetadataInput.damaged("a relocation at a plain instruction");
          yield insn;
        }
      };
      out.add(named);
      slot += insn.slots();
    }
    if (!mapAtSlot.isEmpty()) throw MetadataInput.damaged("a relocation past the code");
    return out;
  }
}

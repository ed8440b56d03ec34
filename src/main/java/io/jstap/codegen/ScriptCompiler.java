package io.jstap.codegen;

import io.jstap.bpf.AssembledProgram;
import io.jstap.bpf.MapSpec;
import io.jstap.bpf.ProgramSpec;
import io.jstap.bpf.ProgramType;
import io.jstap.bpf.RingBufferOutput;
import io.jstap.elf.ElfException;
import io.jstap.elf.ElfFile;
import io.jstap.elf.UsdtProbe;
import io.jstap.errno.ErrnoCode;
import io.jstap.errno.ErrnoTable;
import io.jstap.kernel.BtfTracepoints;
import io.jstap.kernel.KernelFacts;
import io.jstap.kernel.Tracepoint;
import io.jstap.kernel.TracepointFormat;
import io.jstap.kernel.btf.Btf;
import io.jstap.lang.Diagnostic;
import io.jstap.lang.Diagnostics;
import io.jstap.sema.CheckedScript;
import io.jstap.sema.ProbeTarget;
import io.jstap.sema.ResolvedProbe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pass 3: turns a checked script into BPF programs (one per kernel-context probe), the maps
 * they share with user space, and the records they send. User-space probes are left to the
 * interpreter.
 */
public final class ScriptCompiler {
  /**
   * The ring buffer's size. A printf per getppid call sends 3.7 M records/s on a 2-CPU VM;
   * 16 MiB holds ~190 ms of them (24-byte records), so a reader kept off its CPU that long by
   * other work loses nothing: with 8 MiB, 3 runs in 8 lost records, none at 16 MiB
   * (bench/printf-rate.sh). Creating it takes ~1.5 ms.
   */
  public static final int RING_BYTES = 16 << 20;

  private final CheckedScript script;
  private final Limits limits;
  private final Diagnostics diagnostics;
  private final java.util.function.Supplier<KernelFacts> facts;
  private final Binaries binaries;
  private boolean keepUnreadStores;
  private int ringBytes = RING_BYTES;

  /**
   * @param facts the kernel's facts, asked for only when a kernel-context probe needs them
   */
  public ScriptCompiler(CheckedScript script, Limits limits, Diagnostics diagnostics,
      java.util.function.Supplier<KernelFacts> facts, Binaries binaries) {
    this.script = script;
    this.limits = limits;
    this.diagnostics = diagnostics;
    this.facts = facts;
    this.binaries = binaries;
  }

  private final java.util.SequencedSet<String> notes = new java.util.LinkedHashSet<>();

  /** How probe points were placed where that is worth telling with -v (one line each). */
  public List<String> notes() {
    return List.copyOf(notes);
  }

  /**
   * {@code -u}, unoptimized translation: stores to locals nobody reads are compiled too (by
   * default they are left out when the value has no effect of its own).
   */
  public ScriptCompiler keepUnreadStores() {
    keepUnreadStores = true;
    return this;
  }

  /**
   * {@code -s NUM}: a ring buffer of {@code megabytes} MiB, rounded up to a power of two (the
   * kernel's requirement), instead of {@link #RING_BYTES}.
   */
  public ScriptCompiler ringBufferMegabytes(int megabytes) {
    if (megabytes < 1 || megabytes > 1024) {
      throw new IllegalArgumentException("a ring buffer of 1 to 1024 MiB, not " + megabytes);
    }
    int mib = Integer.bitCount(megabytes) == 1 ? megabytes : Integer.highestOneBit(megabytes) << 1;
    ringBytes = mib << 20;
    return this;
  }

  public CompiledScript compile() {
    UserSpaceCheck.check(script, diagnostics);
    var storage = StorageLayout.of(script, limits);
    var shared = new Shared(script, storage, limits, diagnostics);
    if (script.probes().stream().anyMatch(p -> !p.target().runsInUserSpace())) {
      shared.possibleCpus = facts.get().possibleCpus();
    }
    shared.keepUnreadStores = keepUnreadStores;
    var programs = new ArrayList<KernelProgram>();
    var user = new ArrayList<ResolvedProbe>();
    int index = 0;
    for (ResolvedProbe p : script.probes()) {
      if (p.target().runsInUserSpace()) {
        user.add(p);
        continue;
      }
      var compiled = compileProbe(shared, p, index++);
      compiled.ifPresent(programs::add);
    }
    var maps = new ArrayList<MapSpec>(storage.mapSpecs());
    var contents = new LinkedHashMap<String, List<byte[]>>();
    if (!programs.isEmpty()) {
      maps.add(MapSpec.ringBuffer(Shared.RING, ringBytes));
      maps.add(RingBufferOutput.lostCounterSpec(Shared.LOST));
      maps.add(MapSpec.perCpuArray(Shared.SCRATCH, Math.max(8, shared.scratchSize), 1));
      maps.add(MapSpec.array(Shared.RUNTIME, Shared.RUNTIME_SIZE, 1));
      maps.add(shared.strings.spec());
      contents.put(StringTable.MAP, List.of(shared.strings.contents()));
      if (shared.usesSyscallTable) {
        var table = io.jstap.kernel.Syscalls.x86_64();
        var names = new ArrayList<byte[]>();
        for (int n = 0; n <= table.maxNumber(); n++) {
          byte[] v = new byte[Shared.SYSCALL_NAME];
          String name = table.name(n);
          if (name != null) put(v, 0, Shared.SYSCALL_NAME, name);
          names.add(v);
        }
        maps.add(MapSpec.array(Shared.SYSCALL_NAMES, Shared.SYSCALL_NAME, names.size()));
        contents.put(Shared.SYSCALL_NAMES, names);
      }
      if (shared.usesErrnoTable) {
        maps.add(MapSpec.array(Shared.ERRNO, Shared.ERRNO_NAME + Shared.ERRNO_TEXT,
            Shared.ERRNO_ENTRIES));
        contents.put(Shared.ERRNO, errnoTable());
      }
    }
    return new CompiledScript(script, storage, limits, programs, user, shared.records, maps,
        Map.copyOf(contents), Set.of(StringTable.MAP));
  }

  private BtfTracepoints btfTracepoints;

  private BtfTracepoints btfTracepoints(KernelFacts k) {
    if (btfTracepoints == null) btfTracepoints = new BtfTracepoints(k::btf);
    return btfTracepoints;
  }

  /**
   * A syscalls: tracepoint as a raw sys_enter/sys_exit program filtered by number (x86-64,
   * where the call's number is known), or null to use the tracepoint itself.
   */
  private static Contexts.RawSyscall rawSyscall(KernelFacts k, ProbeTarget.Tracepoint t,
      Optional<Tracepoint> tp) {
    if (!t.subsystem().equals("syscalls") || tp.isEmpty() || !k.machine().equals("x86_64")) {
      return null;
    }
    boolean exit = t.event().startsWith("sys_exit_");
    if (!exit && !t.event().startsWith("sys_enter_")) return null;
    String event = t.event().substring(exit ? "sys_exit_".length() : "sys_enter_".length());
    var number = io.jstap.kernel.Syscalls.x86_64().numberOfEvent(event);
    if (number.isEmpty()) return null;
    var vars = new ArrayList<ContextAccess.Variable>();
    var registers = new ArrayList<Integer>();
    int argument = 0;
    for (TracepointFormat.Field f : tp.get().fields()) {
      int where;
      if (f.name().equals("__syscall_nr")) {
        where = -1;
      } else if (exit && f.name().equals("ret")) {
        where = -2;
      } else if (!exit && argument < Contexts.RawSyscall.ARGUMENTS.length) {
        where = (int) Registers.indexOf(Contexts.RawSyscall.ARGUMENTS[argument++]) * 8;
      } else {
        return null; // a field this mapping does not know: keep the tracepoint
      }
      vars.add(new ContextAccess.Variable(f.name(),
          CType.ofDeclaration(k::btf, f.cType(), f.size(), f.signed())));
      registers.add(where);
    }
    return new Contexts.RawSyscall(t.subsystem() + ":" + t.event(), exit, number.getAsInt(),
        vars, registers);
  }

  /** errno names and texts by number, as errno_str() and strerror() read them in BPF. */
  private static List<byte[]> errnoTable() {
    var values = new ArrayList<byte[]>();
    var table = ErrnoTable.running();
    for (int n = 0; n < Shared.ERRNO_ENTRIES; n++) {
      byte[] v = new byte[Shared.ERRNO_NAME + Shared.ERRNO_TEXT];
      Optional<ErrnoCode> code = n == 0 ? Optional.empty() : table.byNumber(n);
      if (code.isPresent()) {
        put(v, 0, Shared.ERRNO_NAME, code.get().name());
        put(v, Shared.ERRNO_NAME, Shared.ERRNO_TEXT, code.get().description());
      }
      values.add(v);
    }
    return values;
  }

  private static void put(byte[] dst, int at, int room, String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(b, 0, dst, at, Math.min(b.length, room - 1));
  }

  private Optional<KernelProgram> compileProbe(Shared shared, ResolvedProbe p, int index) {
    ContextAccess context;
    ProgramType type;
    AttachPoint attach;
    Btf btf = null;
    try {
      switch (p.target()) {
        case ProbeTarget.Tracepoint t -> {
          KernelFacts k = facts.get();
          // BTF first: a tracepoint with typed arguments runs as a raw tracepoint and needs no
          // format file, whose reading and parsing was a third of pass 3 with 1,000 probes.
          // (Syscall events have no BTF prototype.)
          Optional<Tracepoint> tp = t.subsystem().equals("syscalls") ? Optional.empty()
              : btfTracepoints(k).find(t.subsystem(), t.event());
          if (tp.isEmpty() || tp.get().arguments().isEmpty()) {
            tp = k.tracepoints().find(t.subsystem(), t.event());
          }
          String name = t.subsystem() + ":" + t.event();
          var syscall = rawSyscall(k, t, tp);
          if (syscall != null) {
            context = syscall;
            type = ProgramType.RAW_TRACEPOINT;
            attach = new AttachPoint.RawTracepoint(syscall.exit() ? "sys_exit" : "sys_enter");
          } else if (tp.isPresent() && !tp.get().arguments().isEmpty()) {
            btf = k.btf();
            context = Contexts.raw(btf, name, tp.get().arguments());
            type = ProgramType.RAW_TRACEPOINT;
            attach = new AttachPoint.RawTracepoint(t.event());
          } else {
            List<TracepointFormat.Field> fields = tp.map(Tracepoint::fields).orElse(List.of());
            var vars = new ArrayList<ContextAccess.Variable>();
            var placement = new ArrayList<int[]>();
            for (TracepointFormat.Field f : fields) {
              vars.add(new ContextAccess.Variable(f.name(),
                  CType.ofDeclaration(k::btf, f.cType(), f.size(), f.signed())));
              placement.add(new int[] {f.offset(), f.size(), f.signed() ? 1 : 0});
            }
            context = new Contexts.FormatTracepoint(name, vars, placement);
            type = ProgramType.TRACEPOINT;
            attach = new AttachPoint.Tracepoint(t.subsystem(), t.event());
          }
          if (btf == null && refersToKernelTypes(context)) btf = k.btf();
        }
        case ProbeTarget.PerfEvent e -> {
          context = new Contexts.Plain("perf event probe");
          type = ProgramType.PERF_EVENT;
          attach = new AttachPoint.PerfEvent(e.type(), e.config(), e.period(), e.frequency());
        }
        case ProbeTarget.KernelFunction f -> {
          context = new Contexts.Uprobe("kernel function probe", f.isReturn());
          type = ProgramType.KPROBE;
          attach = new AttachPoint.Kprobe(f.function(), f.isReturn());
        }
        case ProbeTarget.ProcessFunction f -> {
          ElfFile elf = binaries.of(f.binary());
          var symbol = elf.symbol(f.symbol());
          long offset;
          if (symbol.isPresent()) {
            offset = elf.fileOffset(symbol.get());
            if (symbol.get().type() == io.jstap.elf.ElfSymbol.Type.GNU_IFUNC) {
              diagnostics.warning(p.declaration().span(), f.symbol() + " in " + f.binary()
                  + " is an IFUNC: the probe is on the resolver that chooses its"
                  + " implementation, which runs once when a program binds it, not on every"
                  + " call (probe the implementations, e.g. function(\"*" + f.symbol()
                  + "*\"))");
            }
          } else {
            // a static function of a stripped program, found through its trace event
            var found = binaries.traceEventFunction(f.binary(), f.symbol());
            offset = elf.fileOffset(found.range().start()).orElseThrow(() -> new ElfException(
                "0x" + Long.toHexString(found.range().start()) + " is not in a loaded segment"));
            notes.add(f.binary() + ": " + found.describe());
          }
          context = new Contexts.Uprobe(ProbeTargetText.of(p), f.isReturn(),
              programFilter(f.program(), f.pid()));
          type = ProgramType.KPROBE;
          attach = new AttachPoint.Uprobe(f.binary(), offset, f.isReturn(), 0, f.pid());
        }
        case ProbeTarget.ProcessStatement s -> {
          ElfFile elf = binaries.of(s.binary());
          var offset = elf.fileOffset(s.address());
          if (offset.isEmpty()) {
            diagnostics.error(p.declaration().span(), "address 0x" + Long.toHexString(s.address())
                + " is not in a loaded segment of " + s.binary());
            return Optional.empty();
          }
          context = new Contexts.Uprobe(ProbeTargetText.of(p), false,
              programFilter(s.program(), s.pid()));
          type = ProgramType.KPROBE;
          attach = new AttachPoint.Uprobe(s.binary(), offset.getAsLong(), false, 0, s.pid());
        }
        case ProbeTarget.ProcessMark m -> {
          ElfFile elf = binaries.of(m.binary());
          UsdtProbe mark = null;
          for (UsdtProbe u : elf.usdtProbes()) {
            if (u.provider().equals(m.provider()) && u.name().equals(m.name())) mark = u;
          }
          if (mark == null) {
            diagnostics.error(p.declaration().span(), "no USDT mark " + m.provider() + ":"
                + m.name() + " in " + m.binary());
            return Optional.empty();
          }
          var symbols = new java.util.HashMap<String, Long>();
          for (var arg : mark.arguments()) {
            if (arg.operand() instanceof io.jstap.elf.UsdtOperand.Memory mem
                && mem.symbol().isPresent()) {
              elf.symbol(mem.symbol().get()).ifPresent(
                  sym -> symbols.put(sym.name(), sym.value()));
            }
          }
          context = new Contexts.Usdt(mark, symbols, programFilter(m.program(), m.pid()));
          type = ProgramType.KPROBE;
          attach = new AttachPoint.Uprobe(m.binary(), mark.fileOffset(), false,
              mark.semaphoreFileOffset(), m.pid());
        }
        case ProbeTarget.ProcessLifecycle l -> {
          KernelFacts k = facts.get();
          btf = k.btf();
          String event = l.exit() ? "sched_process_exit" : "sched_process_exec";
          var tp = k.tracepoints().find("sched", event);
          if (tp.isEmpty() || tp.get().arguments().isEmpty()) {
            diagnostics.error(p.declaration().span(), "this kernel has no raw tracepoint "
                + event + ", which process." + (l.exit() ? "end" : "begin") + " needs");
            return Optional.empty();
          }
          context = new Contexts.ProcessEvent(Contexts.raw(btf, "sched:" + event,
              tp.get().arguments()), l.exit(), l.binary(), l.pid(), btf);
          type = ProgramType.RAW_TRACEPOINT;
          attach = new AttachPoint.RawTracepoint(event);
        }
        default -> throw new IllegalStateException("user-space probe " + p.point());
      }
    } catch (ElfException e) {
      diagnostics.error(p.declaration().span(), e.getMessage());
      return Optional.empty();
    } catch (java.io.UncheckedIOException e) {
      diagnostics.error(p.declaration().span(), e.getMessage());
      return Optional.empty();
    }
    if (btf == null && needsKernelTypes(p)) btf = facts.get().btf();
    boolean sleepable = isUserSpaceProbe(p.target()) && sleepableUprobes();
    var handler = new HandlerCompiler(shared, p, context, btf, sleepable);
    AssembledProgram code;
    try {
      code = handler.compile();
    } catch (HandlerCompiler.CodegenLimitException e) {
      diagnostics.error(p.declaration().span(), e.getMessage());
      return Optional.empty();
    }
    shared.scratchSize = Math.max(shared.scratchSize, handler.scratchNeeded());
    var spec = ProgramSpec.of(programName(index, p), type, code);
    if (sleepable) spec = spec.sleepable();
    return Optional.of(new KernelProgram(p, spec, attach, p.optional()));
  }

  private static boolean isUserSpaceProbe(ProbeTarget t) {
    return switch (t) {
      case ProbeTarget.ProcessFunction f -> true;
      case ProbeTarget.ProcessStatement s -> true;
      case ProbeTarget.ProcessMark m -> true;
      default -> false;
    };
  }

  private Boolean sleepableUprobes;

  /**
   * Whether uprobe programs can be sleepable here, so that reads of user memory fault pages
   * in (see {@link HandlerCompiler#readUser}).
   */
  private boolean sleepableUprobes() {
    if (sleepableUprobes == null) {
      sleepableUprobes = facts.get().features().status("sleepable_uprobes").available();
    }
    return sleepableUprobes;
  }

  /**
   * The filter of a library's probe to the processes of one program; none for a probe of the
   * program itself, or of one process (the perf event is that process's already).
   */
  private ExecutableFilter programFilter(String program, long pid) throws ElfException {
    if (program == null || pid != 0) return null;
    return ExecutableFilter.of(program, facts.get().btf());
  }

  /** Whether a context's variables point into BTF (structs the handler may follow). */
  private static boolean refersToKernelTypes(ContextAccess context) {
    for (var v : context.variables()) {
      if (v.type() instanceof CType.Pointer ptr && ptr.target() != 0) return true;
      if (!(v.type() instanceof CType.Int) && !(v.type() instanceof CType.Pointer)) return true;
    }
    return false;
  }

  /** Whether a handler reads kernel structures (task_current, ppid, @cast...). */
  private boolean needsKernelTypes(ResolvedProbe p) {
    var found = new boolean[1];
    for (var b : p.blocks()) {
      io.jstap.lang.ast.Nodes.expressions(b, e -> {
        if (e instanceof io.jstap.lang.ast.CastOp) found[0] = true;
        if (e instanceof io.jstap.lang.ast.Call c && java.util.Set.of("ppid", "pexecname", "euid",
            "egid").contains(c.function())) {
          found[0] = true;
        }
      });
    }
    return found[0] || !script.functions().isEmpty();
  }

  /** Program names: at most 15 characters of [A-Za-z0-9_.] (BPF_OBJ_NAME_LEN). */
  static String programName(int index, ResolvedProbe p) {
    String base = switch (p.target()) {
      case ProbeTarget.Tracepoint t -> t.event();
      case ProbeTarget.ProcessFunction f -> f.symbol();
      case ProbeTarget.ProcessMark m -> m.name();
      case ProbeTarget.KernelFunction k -> k.function();
      default -> "probe";
    };
    String name = "p" + index + "_" + base.replaceAll("[^A-Za-z0-9_.]", "_");
    return name.length() > 15 ? name.substring(0, 15) : name;
  }

  /** pp() text of a probe, for messages. */
  static final class ProbeTargetText {
    private ProbeTargetText() {}

    static String of(ResolvedProbe p) {
      return p.point();
    }
  }
}

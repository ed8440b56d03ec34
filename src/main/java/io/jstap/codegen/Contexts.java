package io.jstap.codegen;

import io.jstap.bpf.Alu;
import io.jstap.bpf.Load;
import io.jstap.bpf.Reg;
import io.jstap.bpf.Size;
import io.jstap.elf.UsdtArgument;
import io.jstap.elf.UsdtOperand;
import io.jstap.elf.UsdtProbe;
import io.jstap.kernel.btf.Btf;
import java.util.ArrayList;
import java.util.List;

/** The {@link ContextAccess} of each kind of kernel-context probe. */
final class Contexts {
  private Contexts() {}

  static Size sizeOf(int bytes) {
    return switch (bytes) {
      case 1 -> Size.B;
      case 2 -> Size.H;
      case 4 -> Size.W;
      default -> Size.DW;
    };
  }

  /** Sign-extends the low {@code bytes} of r0. */
  static void signExtend(HandlerCompiler c, int bytes) {
    if (bytes < 8) {
      int bits = 64 - 8 * bytes;
      c.emit(Alu.lsh(Reg.R0, bits), Alu.arsh(Reg.R0, bits));
    }
  }

  /**
   * A raw tracepoint (program type RAW_TRACEPOINT): the context is the tracepoint's arguments
   * as an array of u64, named and typed from BTF (SystemTap's {@code kernel.trace} variables
   * are these prototype arguments).
   */
  record RawTracepoint(String name, List<Variable> variables, List<Integer> indexes)
      implements ContextAccess {
    @Override
    public void load(HandlerCompiler c, Variable v) {
      int index = indexes.get(variables.indexOf(v));
      c.emit(Load.of(Size.DW, Reg.R0, HandlerCompiler.CTX, 8 * index));
      // Narrow arguments arrive widened to u64 already (CAST_TO_U64); re-extend by their type.
      if (v.type() instanceof CType.Int i && i.size() < 8) {
        if (i.signed()) {
          signExtend(c, i.size());
        } else {
          int bits = 64 - 8 * i.size();
          c.emit(Alu.lsh(Reg.R0, bits), Alu.rsh(Reg.R0, bits));
        }
      }
    }

    @Override
    public String describe() {
      return "tracepoint " + name;
    }
  }

  /**
   * A classic tracepoint (program type TRACEPOINT): the context is the event's record, whose
   * fields the tracefs format file places. Used for the syscall events, which have no raw
   * prototype.
   */
  record FormatTracepoint(String name, List<Variable> variables, List<int[]> placement)
      implements ContextAccess {
    /** placement: {offset, size, signed} per variable. */
    @Override
    public void load(HandlerCompiler c, Variable v) {
      int[] p = placement.get(variables.indexOf(v));
      c.emit(Load.of(sizeOf(p[1]), Reg.R0, HandlerCompiler.CTX, p[0]));
      if (p[2] != 0) signExtend(c, p[1]);
    }

    @Override
    public String describe() {
      return "tracepoint " + name;
    }
  }

  /**
   * {@code syscalls:sys_enter_NAME} and {@code sys_exit_NAME} compiled as the raw {@code
   * sys_enter}/{@code sys_exit} tracepoints with a filter on the system call's number: the
   * same events, with the same variables (the arguments read from the saved registers), but
   * a raw tracepoint detaches at once where a tracepoint perf event costs the kernel a
   * grace period (~80 ms) each.
   *
   * @param argumentRegisters per variable: the pt_regs offset of the argument, or -1 for
   *     {@code __syscall_nr}, -2 for {@code ret}
   */
  record RawSyscall(String name, boolean exit, int number, List<Variable> variables,
      List<Integer> argumentRegisters) implements ContextAccess {
    /** x86-64 system call arguments: rdi, rsi, rdx, r10, r8, r9 (entry_64.S). */
    static final String[] ARGUMENTS = {"rdi", "rsi", "rdx", "r10", "r8", "r9"};
    private static final int USER_CS_64 = 0x33; // __USER_CS: 32-bit calls come with 0x23

    @Override
    public void prologue(HandlerCompiler c, io.jstap.bpf.Label skip) {
      if (!exit) {
        c.emit(Load.of(Size.DW, Reg.R0, HandlerCompiler.CTX, 8),
            io.jstap.bpf.Jump.ifNotEqual(Reg.R0, number, skip));
      } else {
        regs(c, (int) Registers.indexOf("orig_rax") * 8);
        c.emit(io.jstap.bpf.Jump.ifNotEqual(Reg.R0, number, skip));
      }
      // Compat (32-bit) calls use other numbers: the syscalls: events never see them.
      regs(c, (int) Registers.indexOf("cs") * 8);
      c.emit(io.jstap.bpf.Jump.ifNotEqual(Reg.R0, USER_CS_64, skip));
    }

    /** r0 = the saved register at {@code offset} of the pt_regs the tracepoint's first argument points to. */
    private static void regs(HandlerCompiler c, int offset) {
      c.emit(Load.of(Size.DW, Reg.R0, HandlerCompiler.CTX, 0), Alu.add(Reg.R0, offset));
      c.readMemory(false, 8, false, null);
    }

    @Override
    public void load(HandlerCompiler c, Variable v) {
      int where = argumentRegisters.get(variables.indexOf(v));
      switch (where) {
        case -1 -> c.loadConstant(Reg.R0, number);
        case -2 -> c.emit(Load.of(Size.DW, Reg.R0, HandlerCompiler.CTX, 8));
        default -> {
          regs(c, where);
          if (v.type() instanceof CType.Int i && i.size() < 8) {
            int bits = 64 - 8 * i.size();
            c.emit(Alu.lsh(Reg.R0, bits), i.signed() ? Alu.arsh(Reg.R0, bits) : Alu.rsh(Reg.R0, bits));
          }
        }
      }
    }

    /**
     * SystemTap's argument functions of non-DWARF syscall probes ({@code int_arg(1)}, {@code
     * pointer_arg(2)}...: the call's arguments, from its saved registers) and {@code
     * returnval()} at its exit.
     */
    @Override
    public boolean loadRegisterFunction(HandlerCompiler c, String function, long n) {
      if (function.equals("returnval") && exit) {
        c.emit(Load.of(Size.DW, Reg.R0, HandlerCompiler.CTX, 8));
        return true;
      }
      ArgumentShape shape = ArgumentShape.of(function);
      if (shape == null || n < 1 || n > ARGUMENTS.length) return false;
      regs(c, (int) Registers.indexOf(ARGUMENTS[(int) n - 1]) * 8);
      shape.narrow(c);
      return true;
    }

    @Override
    public String describe() {
      return "tracepoint " + name;
    }
  }

  /** The size and sign SystemTap's {@code int_arg}, {@code pointer_arg}... give an argument. */
  record ArgumentShape(int size, boolean signed) {
    static ArgumentShape of(String function) {
      return switch (function) {
        case "int_arg", "s32_arg" -> new ArgumentShape(4, true);
        case "uint_arg", "u32_arg" -> new ArgumentShape(4, false);
        case "long_arg", "s64_arg", "longlong_arg" -> new ArgumentShape(8, true);
        case "ulong_arg", "u64_arg", "pointer_arg", "ulonglong_arg" -> new ArgumentShape(8, false);
        case "s16_arg" -> new ArgumentShape(2, true);
        case "u16_arg" -> new ArgumentShape(2, false);
        case "s8_arg" -> new ArgumentShape(1, true);
        case "u8_arg" -> new ArgumentShape(1, false);
        default -> null;
      };
    }

    /** Cuts the 64-bit value in r0 to this size, widened back with or without its sign. */
    void narrow(HandlerCompiler c) {
      if (size == 8) return;
      int bits = 64 - 8 * size;
      c.emit(Alu.lsh(Reg.R0, bits), signed ? Alu.arsh(Reg.R0, bits) : Alu.rsh(Reg.R0, bits));
    }
  }

  /**
   * {@code process.begin} and {@code process.end} (also of one program or pid): the raw
   * sched_process_exec and sched_process_exit tracepoints, filtered in the program. A program
   * is recognized by its command name (the kernel sets it from the file's name at exec, cut to
   * 15 bytes); an exit counts once the whole process is gone ({@code group_dead}).
   */
  static final class ProcessEvent implements ContextAccess {
    private static final int TASK_COMM_LEN = 16;
    private static final int STRNCMP = 182; // bpf_strncmp, Linux 5.17
    private final RawTracepoint raw;
    private final boolean exit;
    private final String comm;
    private final long pid;
    private final int tgidOffset;

    ProcessEvent(RawTracepoint raw, boolean exit, String binary, long pid, Btf btf) {
      this.raw = raw;
      this.exit = exit;
      String base = binary == null ? null : binary.substring(binary.lastIndexOf('/') + 1);
      this.comm = base == null ? null
          : base.length() > TASK_COMM_LEN - 1 ? base.substring(0, TASK_COMM_LEN - 1) : base;
      this.pid = pid;
      int task = btf.struct("task_struct").orElseThrow().id();
      this.tgidOffset = (int) btf.field(task, "tgid").orElseThrow().byteOffset();
    }

    @Override
    public void prologue(HandlerCompiler c, io.jstap.bpf.Label skip) {
      if (exit) {
        c.emit(Load.of(Size.DW, Reg.R0, HandlerCompiler.CTX, 8),
            io.jstap.bpf.Jump.ifEqual(Reg.R0, 0, skip));
      }
      if (pid != 0) {
        c.emit(Load.of(Size.DW, Reg.R0, HandlerCompiler.CTX, 0), Alu.add(Reg.R0, tgidOffset));
        c.readMemory(false, 4, true, null);
        c.emit(io.jstap.bpf.Jump.ifNotEqual(Reg.R0, (int) pid, skip));
      }
      if (comm != null) {
        int buf = c.scratch(TASK_COMM_LEN);
        c.emit(io.jstap.bpf.StoreImm.of(Size.DW, HandlerCompiler.SCRATCH, buf, 0),
            io.jstap.bpf.StoreImm.of(Size.DW, HandlerCompiler.SCRATCH, buf + 8, 0),
            Alu.mov(Reg.R1, HandlerCompiler.SCRATCH), Alu.add(Reg.R1, buf),
            Alu.mov(Reg.R2, TASK_COMM_LEN),
            io.jstap.bpf.Call.helper(io.jstap.bpf.Helpers.GET_CURRENT_COMM),
            Alu.mov(Reg.R1, HandlerCompiler.SCRATCH), Alu.add(Reg.R1, buf),
            Alu.mov(Reg.R2, TASK_COMM_LEN),
            io.jstap.bpf.LoadImm64.mapValue(Reg.R3, StringTable.MAP,
                c.shared().strings.offsetOf(comm)),
            io.jstap.bpf.Call.helper(STRNCMP),
            io.jstap.bpf.Jump.ifNotEqual(Reg.R0, 0, skip));
      }
    }

    @Override
    public List<Variable> variables() {
      return raw.variables();
    }

    @Override
    public void load(HandlerCompiler c, Variable v) {
      raw.load(c, v);
    }

    @Override
    public String describe() {
      return exit ? "process.end probe" : "process.begin probe";
    }
  }

  /** Reads pt_regs fields: uprobes, uretprobes, USDT marks, perf events. */
  abstract static class Registered implements ContextAccess {
    /** r0 = the pt_regs field at {@code offset}. */
    static void register(HandlerCompiler c, int offset) {
      c.emit(Load.of(Size.DW, Reg.R0, HandlerCompiler.CTX, offset));
    }

    @Override
    public boolean hasRegisters() {
      return true;
    }

    @Override
    public boolean loadRegisterFunction(HandlerCompiler c, String function, long argument) {
      switch (function) {
        // the user-space address the task is at: the probed instruction, or in a return probe
        // the caller's instruction the function returns to
        case "uaddr" -> {
          register(c, (int) Registers.indexOf("rip") * 8);
          return true;
        }
        default -> {
          return false;
        }
      }
    }
  }

  /** {@code process(...).function(...)}, {@code .return} and {@code .statement(...)}. */
  static final class Uprobe extends Registered {
    private final String name;
    private final boolean isReturn;
    private final ExecutableFilter only;

    Uprobe(String name, boolean isReturn) {
      this(name, isReturn, null);
    }

    /** @param only runs the handler in processes of this executable only, or null: all */
    Uprobe(String name, boolean isReturn, ExecutableFilter only) {
      this.name = name;
      this.isReturn = isReturn;
      this.only = only;
    }

    @Override
    public void prologue(HandlerCompiler c, io.jstap.bpf.Label skip) {
      if (only != null) only.emit(c, skip);
    }

    @Override
    public List<Variable> variables() {
      return isReturn ? List.of(new Variable("return", new CType.Int(8, true, "long"))) : List.of();
    }

    @Override
    public void load(HandlerCompiler c, Variable v) {
      register(c, Registers.returnValueOffset());
    }

    @Override
    public boolean loadRegisterFunction(HandlerCompiler c, String function, long n) {
      if (super.loadRegisterFunction(c, function, n)) return true;
      if (function.equals("returnval")) {
        // rax: in a return probe the value returned; elsewhere SystemTap's "only a guess"
        register(c, Registers.returnValueOffset());
        return true;
      }
      ArgumentShape shape = ArgumentShape.of(function);
      if (shape == null) return false;
      int offset = Registers.argumentOffset((int) n);
      if (offset < 0) {
        // Arguments past the sixth are on the stack: at rsp + 8 * (n - 6) on function entry.
        register(c, (int) Registers.indexOf("rsp") * 8);
        c.emit(Alu.add(Reg.R0, 8 * ((int) n - 6)));
        c.readMemory(true, shape.size(), shape.signed(), null);
        return true;
      }
      register(c, offset);
      shape.narrow(c);
      return true;
    }

    @Override
    public String describe() {
      return name;
    }
  }

  /** A USDT mark: {@code $arg1..$argN} from the note's argument specifications. */
  static final class Usdt extends Registered {
    private final UsdtProbe mark;
    private final List<Variable> variables = new ArrayList<>();
    private final ExecutableFilter only;

    private final java.util.Map<String, Long> symbols;

    /**
     * @param symbols the link-time addresses of the symbols the arguments name ({@code
     *     counter(%rip)}), those the program has
     * @param only runs the handler in processes of this executable only, or null: all
     */
    Usdt(UsdtProbe mark, java.util.Map<String, Long> symbols, ExecutableFilter only) {
      this.mark = mark;
      this.symbols = symbols;
      this.only = only;
      for (int i = 0; i < mark.arguments().size(); i++) {
        UsdtArgument a = mark.arguments().get(i);
        variables.add(new Variable("arg" + (i + 1), new CType.Int(Math.abs(a.size()) == 0 ? 8
            : Math.abs(a.size()), a.signed(), a.text())));
      }
    }

    @Override
    public void prologue(HandlerCompiler c, io.jstap.bpf.Label skip) {
      if (only != null) only.emit(c, skip);
    }

    @Override
    public List<Variable> variables() {
      return variables;
    }

    @Override
    public void load(HandlerCompiler c, Variable v) {
      UsdtArgument a = mark.arguments().get(variables.indexOf(v));
      int size = Math.max(1, Math.abs(a.size()));
      switch (a.operand()) {
        case UsdtOperand.Constant k -> c.loadConstant(Reg.R0, k.value());
        case UsdtOperand.Register r -> {
          register(c, r.register().register().ptRegsOffset());
          if (r.register().highByte()) c.emit(Alu.rsh(Reg.R0, 8));
          narrow(c, size, a.signed());
        }
        case UsdtOperand.Memory m -> {
          if (m.symbol().isPresent()) {
            Long at = symbols.get(m.symbol().get());
            if (at == null) {
              c.unsupportedAt("USDT argument '" + a.text() + "': the program has no symbol "
                  + m.symbol().get() + " (stripped?)");
              c.emit(Alu.mov(Reg.R0, 0));
              return;
            }
            // The symbol's link-time address plus the load bias: the probe's address now
            // (rip, the uprobe's) minus its address in the file.
            c.loadConstant(Reg.R0, at + m.displacement() - mark.address());
            c.emit(Load.of(Size.DW, Reg.R1, HandlerCompiler.CTX,
                (int) io.jstap.elf.X86Register.RIP.ptRegsOffset()), Alu.add(Reg.R0, Reg.R1));
            if (m.base().isPresent() && m.base().get() != io.jstap.elf.X86Register.RIP) {
              c.emit(Load.of(Size.DW, Reg.R1, HandlerCompiler.CTX,
                  (int) m.base().get().ptRegsOffset()), Alu.add(Reg.R0, Reg.R1));
            }
          } else {
            if (m.base().isPresent()) register(c, m.base().get().ptRegsOffset());
            else c.emit(Alu.mov(Reg.R0, 0));
            c.emit(Alu.add(Reg.R0, (int) m.displacement()));
          }
          if (m.index().isPresent()) {
            // base + index * scale: the scale is 1, 2, 4 or 8
            c.emit(Load.of(Size.DW, Reg.R1, HandlerCompiler.CTX,
                (int) m.index().get().ptRegsOffset()),
                Alu.lsh(Reg.R1, Integer.numberOfTrailingZeros(m.scale())),
                Alu.add(Reg.R0, Reg.R1));
          }
          c.readMemory(true, size, a.signed(), null);
        }
        case UsdtOperand.Unsupported u -> {
          c.unsupportedAt("USDT argument '" + a.text() + "': " + u.reason());
          c.emit(Alu.mov(Reg.R0, 0));
        }
      }
    }

    private static void narrow(HandlerCompiler c, int size, boolean signed) {
      if (size >= 8) return;
      int bits = 64 - 8 * size;
      c.emit(Alu.lsh(Reg.R0, bits), signed ? Alu.arsh(Reg.R0, bits) : Alu.rsh(Reg.R0, bits));
    }

    @Override
    public String describe() {
      return "USDT mark " + mark.provider() + ":" + mark.name();
    }
  }

  /** Perf events and everything else without variables. */
  record Plain(String description) implements ContextAccess {
    @Override
    public List<Variable> variables() {
      return List.of();
    }

    @Override
    public void load(HandlerCompiler c, Variable v) {
      throw new IllegalStateException("no variables in " + description);
    }

    @Override
    public String describe() {
      return description;
    }
  }

  /** The raw tracepoint context of a tracepoint with BTF-typed arguments. */
  static RawTracepoint raw(Btf btf, String name, List<io.jstap.kernel.TracepointArgument> args) {
    var vars = new ArrayList<ContextAccess.Variable>();
    var indexes = new ArrayList<Integer>();
    for (var a : args) {
      vars.add(new ContextAccess.Variable(a.name(), CType.of(btf, a.btfType())));
      indexes.add(a.index());
    }
    return new RawTracepoint(name, vars, indexes);
  }
}

package io.jstap.codegen;

import io.jstap.bpf.Alu;
import io.jstap.bpf.Call;
import io.jstap.bpf.Helpers;
import io.jstap.bpf.Jump;
import io.jstap.bpf.Label;
import io.jstap.bpf.Load;
import io.jstap.bpf.LoadImm64;
import io.jstap.bpf.Reg;
import io.jstap.bpf.Size;
import io.jstap.bpf.Store;
import io.jstap.bpf.StoreImm;
import io.jstap.lang.Diagnostic;
import io.jstap.lang.ast.Expr;
import io.jstap.lang.ast.HistogramOp;
import io.jstap.lang.ast.NumberLit;
import io.jstap.lang.ast.StringLit;
import io.jstap.format.ConversionKind;
import io.jstap.format.FieldSize;
import io.jstap.format.Flag;
import io.jstap.format.FormatParse;
import io.jstap.format.FormatPiece;
import io.jstap.format.RecordLayout;
import io.jstap.format.ScriptType;
import io.jstap.format.StapFormat;
import io.jstap.sema.Builtin;
import io.jstap.sema.ResolvedProbe;
import io.jstap.sema.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * jstap's builtin functions in kernel-context probes: each leaves its value in r0 (a long, or
 * the address of a string) as {@link HandlerCompiler} expects.
 */
final class KernelBuiltins {
  private static final Reg SCRATCH = HandlerCompiler.SCRATCH;
  /** bpf_snprintf, Linux 5.13 (include/uapi/linux/bpf.h). */
  private static final int SNPRINTF = 165;
  /** MAX_BPRINTF_VARARGS (include/linux/bpf.h): the values one bpf_snprintf formats. */
  private static final int MAX_SNPRINTF_VALUES = 12;
  private static final int GET_PRANDOM_U32 = 7;
  private static final int JIFFIES64 = 118;
  private static final int TASK_COMM_LEN = 16;

  private final HandlerCompiler c;
  private final Shared shared;
  private final ResolvedProbe probe;
  private final ContextAccess context;
  private final int maxLen;

  KernelBuiltins(HandlerCompiler c, Shared shared, ResolvedProbe probe, ContextAccess context) {
    this.c = c;
    this.shared = shared;
    this.probe = probe;
    this.context = context;
    this.maxLen = shared.limits.maxStringLen();
  }

  void call(io.jstap.lang.ast.Call call, Builtin b) {
    List<Expr> args = call.args();
    switch (b.name()) {
      case "pid" -> helper(Helpers.GET_CURRENT_PID_TGID, Alu.rsh(Reg.R0, 32));
      case "tid" -> helper(Helpers.GET_CURRENT_PID_TGID, Alu.lsh(Reg.R0, 32), Alu.rsh(Reg.R0, 32));
      case "uid" -> helper(Helpers.GET_CURRENT_UID_GID, Alu.lsh(Reg.R0, 32), Alu.rsh(Reg.R0, 32));
      case "gid" -> helper(Helpers.GET_CURRENT_UID_GID, Alu.rsh(Reg.R0, 32));
      case "cpu" -> helper(Helpers.GET_SMP_PROCESSOR_ID);
      case "task_current" -> helper(Helpers.GET_CURRENT_TASK);
      case "ppid" -> currentTask(call, false, "real_parent", "tgid");
      case "pexecname" -> currentTask(call, true, "real_parent", "comm");
      case "euid" -> currentTask(call, false, "cred", "euid", "val");
      case "egid" -> currentTask(call, false, "cred", "egid", "val");
      case "ktime_get_ns", "local_clock_ns" -> helper(Helpers.KTIME_GET_NS);
      case "local_clock_us" -> helper(Helpers.KTIME_GET_NS, Alu.div(Reg.R0, 1_000));
      case "local_clock_ms" -> helper(Helpers.KTIME_GET_NS, Alu.div(Reg.R0, 1_000_000));
      case "local_clock_s" -> helper(Helpers.KTIME_GET_NS, Alu.div(Reg.R0, 1_000_000_000));
      case "gettimeofday_ns" -> wallClock(1);
      case "gettimeofday_us" -> wallClock(1_000);
      case "gettimeofday_ms" -> wallClock(1_000_000);
      case "gettimeofday_s" -> wallClock(1_000_000_000);
      case "jiffies" -> helper(JIFFIES64);
      case "get_cycles" -> helper(Helpers.KTIME_GET_NS);
      case "target" -> c.emit(LoadImm64.mapValue(Reg.R1, Shared.RUNTIME, Shared.RUNTIME_TARGET),
          Load.of(Size.DW, Reg.R0, Reg.R1, 0));
      case "execname" -> execname();
      case "pp" -> literal(probe.point());
      case "probefunc", "ppfunc" -> literal(ProbeFunctions.functionOf(probe));
      case "errno_str" -> errnoEntry(args.getFirst(), 0);
      case "strerror" -> errnoEntry(args.getFirst(), Shared.ERRNO_NAME);
      case "syscall_name" -> {
        shared.usesSyscallTable = true;
        tableEntry(args.getFirst(), Shared.SYSCALL_NAMES,
            io.jstap.kernel.Syscalls.x86_64().maxNumber() + 1, 0, false);
      }
      case "errno_p" -> {
        // SystemTap's tapset/errno.stp: |err| when it names an errno, else 0 (not a boolean)
        c.longExpr(args.getFirst());
        Label positive = new Label("errno_p_positive");
        c.emit(Jump.ifSignedGreaterOrEqual(Reg.R0, 0, positive), Alu.neg(Reg.R0));
        c.assembler().bind(positive);
        int number = c.stackSlot();
        c.emit(Store.of(Size.DW, Reg.R10, number, Reg.R0));
        shared.usesErrnoTable = true;
        tableEntryOfR0(Shared.ERRNO, Shared.ERRNO_ENTRIES, 0, false);
        c.emit(Load.of(Size.B, Reg.R0, Reg.R0, 0));
        Label no = new Label("errno_p_no");
        c.emit(Jump.ifEqual(Reg.R0, 0, no), Load.of(Size.DW, Reg.R0, Reg.R10, number));
        c.assembler().bind(no);
      }
      case "strlen" -> new KernelStrings(c).strlen(args.getFirst());
      // the local time zone when the script is compiled (staprun passes it at start-up)
      case "tz_gmtoff" -> c.loadConstant(Reg.R0,
          io.jstap.format.CalendarTime.Zone.local().secondsWest());
      case "tz_name" -> literal(io.jstap.format.CalendarTime.Zone.local().name());
      case "substr" -> new KernelStrings(c).substr(args);
      case "isinstr" -> new KernelStrings(c).isinstr(call);
      case "stringat" -> new KernelStrings(c).stringat(call);
      case "strtol" -> new KernelStrings(c).strtol(args);
      case "abs" -> {
        c.longExpr(args.getFirst());
        Label positive = new Label("abs_positive");
        c.emit(Jump.ifSignedGreaterOrEqual(Reg.R0, 0, positive), Alu.neg(Reg.R0));
        c.assembler().bind(positive);
      }
      case "randint" -> {
        c.longExpr(args.getFirst());
        Label ok = new Label("randint_ok");
        c.emit(Jump.ifSignedGreater(Reg.R0, 0, ok));
        c.raise("randint() needs a positive bound", call.span(), null);
        c.assembler().bind(ok);
        int bound = c.stackSlot();
        c.emit(Store.of(Size.DW, Reg.R10, bound, Reg.R0), Call.helper(GET_PRANDOM_U32),
            Load.of(Size.DW, Reg.R1, Reg.R10, bound), Alu.mod(Reg.R0, Reg.R1));
      }
      case "exit" -> {
        c.emit(LoadImm64.mapValue(Reg.R1, Shared.RUNTIME, Shared.RUNTIME_EXITING),
            StoreImm.of(Size.DW, Reg.R1, 0, 1));
        var r = shared.record(OutputRecord.Channel.EXIT, null, null);
        c.record(r, List.of(), List.of());
        c.emit(Alu.mov(Reg.R0, 0));
      }
      case "error" -> {
        if (!c.catchError(args.getFirst())) {
          c.record(stringRecord(OutputRecord.Channel.ERROR, "%s"), args, List.of(ScriptType.STRING));
          c.countError();
          c.emit(Jump.to(c.exitLabel()));
        }
      }
      case "warn" -> {
        c.record(stringRecord(OutputRecord.Channel.WARNING, "%s"), args, List.of(ScriptType.STRING));
        c.emit(Alu.mov(Reg.R0, 0));
      }
      case "system" -> {
        c.record(stringRecord(OutputRecord.Channel.SYSTEM, "%s"), args, List.of(ScriptType.STRING));
        c.emit(Alu.mov(Reg.R0, 0));
      }
      case "log" -> {
        c.record(stringRecord(OutputRecord.Channel.OUTPUT, "%s\n"), args, List.of(ScriptType.STRING));
        c.emit(Alu.mov(Reg.R0, 0));
      }
      case "assert" -> {
        c.longExpr(args.getFirst());
        Label ok = new Label("assert_ok");
        c.emit(Jump.ifNotEqual(Reg.R0, 0, ok));
        String message = args.size() > 1 && args.get(1) instanceof StringLit s
            ? s.text() : "assertion failed";
        c.raise(message, call.span(), null);
        c.assembler().bind(ok);
      }
      case "printf", "print", "println", "printd", "printdln" -> print(call, b.name());
      case "print_backtrace", "print_ubacktrace" -> printStack(call, b.name());
      case "print_syms", "print_usyms", "print_stack", "print_ustack" -> {
        // A stack travels as addresses for user space to look up: print_syms of backtrace()
        // is print_backtrace(), whose record carries them.
        String stack = b.name().startsWith("print_u") ? "ubacktrace" : "backtrace";
        if (!(args.getFirst() instanceof io.jstap.lang.ast.Call inner)
            || !inner.function().equals(stack) || !inner.args().isEmpty()) {
          shared.diagnostics.report(Diagnostic.error(call.span(), b.name() + "() in "
              + context.describe() + " takes " + stack + "() itself")
              .withHint(b.name() + "(" + stack + "()) prints the stack of this event; a stack"
                  + " kept in a variable cannot be looked up in a kernel probe"));
          c.emit(Alu.mov(Reg.R0, 0));
          return;
        }
        printStack(call, stack.equals("backtrace") ? "print_backtrace" : "print_ubacktrace");
      }
      case "user_mode" -> userMode();
      case "registers_valid" -> c.loadConstant(Reg.R0, hasRegisters() ? 1 : 0);
      case "sprintf", "sprint", "sprintln", "sprintd", "sprintdln" -> sprint(call, b.name());
      case "kernel_string", "user_string" -> readString(call, b.name().startsWith("user"),
          args.getFirst(), null, args.size() > 1 ? args.get(1) : null);
      case "kernel_string_n", "user_string_n" -> readString(call,
          b.name().startsWith("user"), args.getFirst(), args.get(1),
          args.size() > 2 ? args.get(2) : null);
      case "user_string_quoted" -> quotedUserString(args.getFirst());
      case "kernel_long", "kernel_pointer" -> memory(args, false, 8, true, call);
      case "kernel_int" -> memory(args, false, 4, true, call);
      case "kernel_short" -> memory(args, false, 2, true, call);
      case "kernel_char" -> memory(args, false, 1, true, call);
      case "user_long", "user_int64", "user_uint64", "user_ulong", "user_char", "user_int8",
          "user_uint8", "user_short", "user_int16", "user_ushort", "user_uint16", "user_int",
          "user_int32", "user_uint32", "user_long_error", "user_int64_error",
          "user_uint64_error", "user_ulong_error", "user_char_error", "user_int8_error",
          "user_uint8_error", "user_short_error", "user_int16_error", "user_ushort_error",
          "user_uint16_error", "user_int_error", "user_int32_error", "user_uint32_error" ->
          userMemory(b.name(), args, call);
      case "register", "u_register" -> register(call, b.name().equals("register"));
      default -> {
        long argument = args.size() == 1 && args.getFirst() instanceof NumberLit n ? n.value() : 0;
        if (context.loadRegisterFunction(c, b.name(), argument)) return;
        shared.diagnostics.report(Diagnostic.error(call.span(), b.name()
            + "() is not available in " + context.describe())
            .withHint(hintFor(b.name())));
        c.emit(Alu.mov(Reg.R0, 0));
      }
    }
  }

  /** The target variables that name the probe: {@code $$name}, {@code $$provider}... */
  static final java.util.Set<String> PROBE_NAMES =
      java.util.Set.of("$$name", "$$provider", "$$system");

  /**
   * {@code $$name} and {@code $$provider} of a USDT mark, {@code $$name} and {@code $$system}
   * of a tracepoint (SystemTap's).
   */
  void probeName(io.jstap.lang.ast.TargetVar t) {
    String named = switch (probe.target()) {
      case io.jstap.sema.ProbeTarget.ProcessMark m when t.name().equals("$$name") -> m.name();
      case io.jstap.sema.ProbeTarget.ProcessMark m when t.name().equals("$$provider") ->
          m.provider();
      case io.jstap.sema.ProbeTarget.Tracepoint p when t.name().equals("$$name") -> p.event();
      case io.jstap.sema.ProbeTarget.Tracepoint p when t.name().equals("$$system") ->
          p.subsystem();
      default -> null;
    };
    if (named == null) {
      shared.diagnostics.report(Diagnostic.error(t.span(), "no variable " + t.name() + " in "
          + context.describe()).withHint("$$name and $$provider exist in .mark probes,"
          + " $$name and $$system in kernel.trace probes"));
      named = "";
    }
    literal(named);
  }

  /**
   * register("name") and u_register("name"): the register's bytes, widened with their sign or
   * without (SystemTap's _stp_register); "eax" is rax's low half, "ah" its second byte.
   */
  private void register(io.jstap.lang.ast.Call call, boolean signed) {
    String function = signed ? "register" : "u_register";
    if (!context.hasRegisters()) {
      shared.diagnostics.report(Diagnostic.error(call.span(), function
          + "() is not available in " + context.describe()).withHint(hintFor(function)));
      c.emit(Alu.mov(Reg.R0, 0));
      return;
    }
    if (!(call.args().getFirst() instanceof StringLit name)) {
      shared.diagnostics.error(call.args().getFirst().span(), function
          + "() takes a register's name as a literal string, such as \"rdi\"");
      c.emit(Alu.mov(Reg.R0, 0));
      return;
    }
    var r = Registers.named(name.text());
    if (r == null) {
      var d = Diagnostic.error(call.args().getFirst().span(), "unknown register '"
          + name.text() + "'");
      String near = io.jstap.lang.Suggestions.closest(name.text(), Registers.names());
      shared.diagnostics.report(d.withHint(near != null ? "did you mean \"" + near + "\"?"
          : "x86-64 registers are " + String.join(", ", Registers.names())));
      c.emit(Alu.mov(Reg.R0, 0));
      return;
    }
    c.emit(Load.of(Size.DW, Reg.R0, HandlerCompiler.CTX, r.offset() & ~7));
    int low = (r.offset() & 7) * 8; // ah, bh...: the second byte
    if (low > 0) c.emit(Alu.rsh(Reg.R0, low));
    if (r.bytes() < 8) {
      int bits = 64 - 8 * r.bytes();
      c.emit(Alu.lsh(Reg.R0, bits), signed ? Alu.arsh(Reg.R0, bits) : Alu.rsh(Reg.R0, bits));
    }
  }

  /** print_backtrace(), print_ubacktrace(): a record user space fills with the stack's symbols. */
  private void printStack(io.jstap.lang.ast.Call call, String name) {
    var format = ((FormatParse.Parsed) StapFormat.parse("%s")).format();
    var d = OutputRecord.Deferred.of(name);
    var layout = new RecordLayout(List.of(new RecordLayout.Field(
        io.jstap.format.RecordKind.STRING, 0, d.payload())), d.payload());
    var r = shared.record(OutputRecord.Channel.OUTPUT, format, layout, List.of(d));
    c.record(r, List.of(call), List.of(ScriptType.STRING), d.isUser());
    c.emit(Alu.mov(Reg.R0, 0));
  }

  /**
   * Probes whose context starts with the interrupted registers (struct pt_regs): uprobes,
   * kprobes and perf events (struct bpf_perf_event_data, include/uapi/linux/bpf_perf_event.h).
   * A tracepoint's context is its arguments.
   */
  private boolean hasRegisters() {
    return switch (probe.target()) {
      case io.jstap.sema.ProbeTarget.PerfEvent e -> true;
      case io.jstap.sema.ProbeTarget.KernelFunction f -> true;
      case io.jstap.sema.ProbeTarget.ProcessFunction f -> true;
      case io.jstap.sema.ProbeTarget.ProcessStatement s -> true;
      case io.jstap.sema.ProbeTarget.ProcessMark m -> true;
      default -> false;
    };
  }

  /**
   * user_mode(): 1 when the probe interrupted user code. The saved CS's two low bits are the
   * privilege level the CPU ran at, 3 in user mode (user_mode() in
   * arch/x86/include/asm/ptrace.h); a tracepoint always runs in the kernel.
   */
  private void userMode() {
    if (!hasRegisters()) {
      c.emit(Alu.mov(Reg.R0, 0));
      return;
    }
    c.emit(Load.of(Size.DW, Reg.R0, HandlerCompiler.CTX, (int) Registers.indexOf("cs") * 8),
        Alu.and(Reg.R0, 3), Alu.rsh(Reg.R0, 1));
  }

  private static String hintFor(String name) {
    return switch (name) {
      case "symname", "symdata", "usymname", "usymdata", "backtrace", "ubacktrace",
          "print_backtrace", "print_ubacktrace", "ctime", "tz_ctime" ->
          "as an operand of printf or print it works here (user space fills it in); elsewhere"
              + " store the address or time in a global and call " + name + "() in an end or"
              + " timer probe, which run in user space";
      case "int_arg", "uint_arg", "long_arg", "ulong_arg", "s32_arg", "u32_arg", "s64_arg",
          "u64_arg", "pointer_arg", "returnval", "register", "u_register", "uaddr" ->
          "register-based arguments exist in process(...).function and .statement probes,"
              + " and in syscall probes (the call's arguments)";
      default -> "call it from an end, begin or timer probe, which run in user space";
    };
  }

  /** A member chain of the current task_struct, through BTF: ppid, pexecname, euid, egid. */
  private void currentTask(io.jstap.lang.ast.Call call, boolean string, String... members) {
    var btf = c.btf();
    var task = btf == null ? Optional.<io.jstap.kernel.btf.BtfType.Struct>empty()
        : btf.struct("task_struct");
    if (task.isEmpty()) {
      shared.diagnostics.error(call.span(), call.function() + "() needs the kernel's BTF");
      c.emit(Alu.mov(Reg.R0, 0));
      return;
    }
    var comps = new ArrayList<io.jstap.lang.ast.TargetComponent>();
    for (String m : members) comps.add(new io.jstap.lang.ast.TargetComponent.Member(call.span(), m));
    c.emit(Call.helper(Helpers.GET_CURRENT_TASK));
    new TargetMembers(c, btf, false).follow(new CType.Pointer(task.get().id(), "struct task_struct *"),
        comps, false, call.span());
    if (string) {
      // comm is a char[16]: r0 holds its address; copy it as a string
      int buf = c.scratch(maxLen);
      c.emit(Alu.mov(Reg.R3, Reg.R0), Alu.mov(Reg.R1, SCRATCH), Alu.add(Reg.R1, buf),
          Alu.mov(Reg.R2, TASK_COMM_LEN), Call.helper(Helpers.PROBE_READ_KERNEL_STR),
          Alu.mov(Reg.R0, SCRATCH), Alu.add(Reg.R0, buf));
    }
  }

  private void helper(int id, io.jstap.bpf.Instruction... after) {
    c.emit(Call.helper(id));
    c.emit(after);
  }

  private void wallClock(int divisor) {
    c.emit(Call.helper(Helpers.KTIME_GET_NS),
        LoadImm64.mapValue(Reg.R1, Shared.RUNTIME, Shared.RUNTIME_WALL_OFFSET),
        Load.of(Size.DW, Reg.R1, Reg.R1, 0), Alu.add(Reg.R0, Reg.R1));
    if (divisor != 1) c.emit(Alu.div(Reg.R0, divisor));
  }

  private void literal(String text) {
    c.emit(LoadImm64.mapValue(Reg.R0, StringTable.MAP, shared.strings.offsetOf(text)));
  }

  private void execname() {
    int buf = c.scratch(maxLen);
    c.emit(StoreImm.of(Size.DW, SCRATCH, buf, 0), StoreImm.of(Size.DW, SCRATCH, buf + 8, 0),
        Alu.mov(Reg.R1, SCRATCH), Alu.add(Reg.R1, buf), Alu.mov(Reg.R2, TASK_COMM_LEN),
        Call.helper(Helpers.GET_CURRENT_COMM),
        StoreImm.of(Size.B, SCRATCH, buf + TASK_COMM_LEN, 0),
        Alu.mov(Reg.R0, SCRATCH), Alu.add(Reg.R0, buf));
  }

  /** r0 = address of errno entry |value| plus {@code field} (name at 0, text after). */
  private void errnoEntry(Expr value, int field) {
    shared.usesErrnoTable = true;
    tableEntry(value, Shared.ERRNO, Shared.ERRNO_ENTRIES, field, true);
  }

  /**
   * r0 = address of entry {@code value} (its absolute value when {@code either sign}) of a
   * read-only table of strings, plus {@code field}; "" past the table's end.
   */
  private void tableEntry(Expr value, String map, int entries, int field, boolean eitherSign) {
    c.longExpr(value);
    tableEntryOfR0(map, entries, field, eitherSign);
  }

  /** {@link #tableEntry} of the value in r0. */
  private void tableEntryOfR0(String map, int entries, int field, boolean eitherSign) {
    Label positive = new Label("entry_positive");
    Label missing = new Label("entry_missing");
    Label done = new Label("entry_done");
    if (eitherSign) {
      c.emit(Jump.ifSignedGreaterOrEqual(Reg.R0, 0, positive), Alu.neg(Reg.R0));
      c.assembler().bind(positive);
    }
    c.emit(Jump.ifGreaterOrEqual(Reg.R0, entries, missing));
    int key = c.stackSlot();
    c.emit(Store.of(Size.W, Reg.R10, key, Reg.R0), LoadImm64.map(Reg.R1, map),
        Alu.mov(Reg.R2, Reg.R10), Alu.add(Reg.R2, key), Call.helper(Helpers.MAP_LOOKUP_ELEM),
        Jump.ifEqual(Reg.R0, 0, missing));
    if (field != 0) c.emit(Alu.add(Reg.R0, field));
    c.emit(Jump.to(done));
    c.assembler().bind(missing);
    literal("");
    c.assembler().bind(done);
  }

  private void memory(List<Expr> args, boolean user, int size, boolean signed, io.jstap.lang.ast.Call call) {
    c.longExpr(args.getFirst());
    c.readMemory(user, size, signed, call.span());
  }

  /**
   * user_long(addr) and its kin: SystemTap's tapset (uconversions.stp) makes each a try/catch
   * around its {@code _error} twin, so a fault gives 0; the {@code _error} variants raise
   * the run-time error.
   */
  private void userMemory(String name, List<Expr> args, io.jstap.lang.ast.Call call) {
    boolean faultIsError = name.endsWith("_error");
    String type = name.substring("user_".length(),
        faultIsError ? name.length() - "_error".length() : name.length());
    int size = switch (type) {
      case "char", "int8", "uint8" -> 1;
      case "short", "int16", "ushort", "uint16" -> 2;
      case "int", "int32", "uint32" -> 4;
      default -> 8; // long, ulong, int64, uint64
    };
    boolean signed = !type.startsWith("u");
    c.longExpr(args.getFirst());
    c.readMemory(true, size, signed, call.span(), faultIsError);
  }

  /** user_string(addr[, default]) and friends; a fault without default is a run-time error. */
  private void readString(io.jstap.lang.ast.Call call, boolean user, Expr address, Expr length, Expr fallback) {
    int buf = c.scratch(maxLen);
    int limit = c.stackSlot();
    if (length != null) {
      c.longExpr(length);
      Label small = new Label("strn_small");
      Label positive = new Label("strn_positive");
      // n + 1 bytes with the NUL, clamped to [1, MAXSTRINGLEN]
      c.emit(Alu.add(Reg.R0, 1), Jump.ifSignedGreater(Reg.R0, 0, positive), Alu.mov(Reg.R0, 1));
      c.assembler().bind(positive);
      c.emit(Jump.ifLessOrEqual(Reg.R0, maxLen, small), Alu.mov(Reg.R0, maxLen));
      c.assembler().bind(small);
    } else {
      c.emit(Alu.mov(Reg.R0, maxLen));
    }
    c.emit(Store.of(Size.DW, Reg.R10, limit, Reg.R0));
    c.longExpr(address);
    c.emit(Alu.mov(Reg.R3, Reg.R0), Alu.mov(Reg.R1, SCRATCH), Alu.add(Reg.R1, buf),
        Load.of(Size.DW, Reg.R2, Reg.R10, limit));
    if (user) c.readUser(true);
    else c.emit(Call.helper(Helpers.PROBE_READ_KERNEL_STR));
    Label ok = new Label("string_read_ok");
    c.emit(Jump.ifSignedGreater(Reg.R0, 0, ok));
    if (fallback != null) {
      c.stringExpr(fallback);
      c.copyStringTo(buf, Reg.R0);
    } else {
      c.raise((user ? "user" : "kernel") + " string copy fault", call.span(), null);
    }
    c.assembler().bind(ok);
    c.emit(Alu.mov(Reg.R0, SCRATCH), Alu.add(Reg.R0, buf));
  }

  /** "\"text\"" from user memory, or "NULL" for address 0 (SystemTap's user_string_quoted). */
  private void quotedUserString(Expr address) {
    int buf = c.scratch(maxLen);
    Label isNull = new Label("quoted_null");
    Label fault = new Label("quoted_fault");
    Label done = new Label("quoted_done");
    c.longExpr(address);
    c.emit(Jump.ifEqual(Reg.R0, 0, isNull),
        Alu.mov(Reg.R3, Reg.R0), StoreImm.of(Size.B, SCRATCH, buf, '"'),
        Alu.mov(Reg.R1, SCRATCH), Alu.add(Reg.R1, buf + 1), Alu.mov(Reg.R2, maxLen - 2));
    c.readUser(true);
    c.emit(Jump.ifSignedLessOrEqual(Reg.R0, 0, fault),
        // r0 = bytes with the NUL: put the closing quote over the NUL
        Alu.and(Reg.R0, maxLen - 1),
        Alu.mov(Reg.R1, SCRATCH), Alu.add(Reg.R1, buf), Alu.add(Reg.R1, Reg.R0),
        StoreImm.of(Size.B, Reg.R1, 0, '"'),
        StoreImm.of(Size.B, Reg.R1, 1, 0),
        Jump.to(done));
    c.assembler().bind(isNull);
    literal("NULL");
    c.copyStringTo(buf, Reg.R0);
    c.emit(Jump.to(done));
    c.assembler().bind(fault);
    c.emit(StoreImm.of(Size.B, SCRATCH, buf, 0));
    c.assembler().bind(done);
    c.emit(Alu.mov(Reg.R0, SCRATCH), Alu.add(Reg.R0, buf));
  }

  private OutputRecord stringRecord(OutputRecord.Channel channel, String format) {
    StapFormat f = ((FormatParse.Parsed) StapFormat.parse(format)).format();
    return shared.record(channel, f, RecordLayout.pack(f, maxLen, 0));
  }

  // ---- the print family ----------------------------------------------------------------------

  private void print(io.jstap.lang.ast.Call call, String name) {
    List<Expr> args = call.args();
    for (Expr a : args) {
      if (a instanceof HistogramOp h) {
        shared.diagnostics.report(Diagnostic.error(h.span(), "printing a histogram is not"
            + " available in kernel-context probes (they run as BPF programs)")
            .withHint("print it in an end or timer probe, which run in user space"));
        c.emit(Alu.mov(Reg.R0, 0));
        return;
      }
    }
    var formatted = formatted(call, name);
    if (formatted == null) {
      c.emit(Alu.mov(Reg.R0, 0));
      return; // reported by the checker
    }
    StapFormat format = formatted.format();
    List<Expr> values = formatted.values();
    var layout = RecordLayout.pack(format, maxLen, maxLen);
    // symname() and friends: the record carries the address, user space the symbol tables.
    var deferred = new ArrayList<OutputRecord.Deferred>();
    var sent = new ArrayList<Expr>();
    boolean any = false;
    boolean pid = false;
    var operands = format.operands();
    for (int i = 0; i < values.size(); i++) {
      Expr v = values.get(i);
      OutputRecord.Deferred d = null;
      if (v instanceof io.jstap.lang.ast.Call call2 && shared.script.builtinCalls().containsKey(call2)
          && i < operands.size() && operands.get(i).type() == ScriptType.STRING) {
        d = OutputRecord.Deferred.of(call2.function());
        if (d != null && call2.args().size() != (d.isStack() ? 0 : 1)) d = null;
      }
      deferred.add(d);
      sent.add(d == null || d.isStack() ? v : ((io.jstap.lang.ast.Call) v).args().getFirst());
      any |= d != null;
      pid |= d != null && d.isUser();
      if (d != null && d.isStack()) layout = resized(layout, i, d.payload());
    }
    var r = shared.record(OutputRecord.Channel.OUTPUT, format, layout, any ? deferred : null);
    c.record(r, sent, format.argumentTypes(), pid);
    c.emit(Alu.mov(Reg.R0, 0));
  }

  /** A print-family call's format and the values it prints. */
  private record Formatted(StapFormat format, List<Expr> values) {}

  /**
   * printf/sprintf take their format first; printd/sprintd a delimiter, then values; print,
   * println, sprint and sprintln values only. Null when the format is broken (the checker has
   * reported it).
   */
  private Formatted formatted(io.jstap.lang.ast.Call call, String name) {
    List<Expr> args = call.args();
    if (name.endsWith("printf")) {
      var parsed = StapFormat.parse(((StringLit) args.getFirst()).bytes());
      if (!(parsed instanceof FormatParse.Parsed p)) return null;
      return new Formatted(p.format(), args.subList(1, args.size()));
    }
    byte[] delimiter = null;
    List<Expr> values = args;
    if (name.startsWith("printd") || name.startsWith("sprintd")) {
      delimiter = ((StringLit) args.getFirst()).bytes();
      values = args.subList(1, args.size());
    }
    var types = new ArrayList<ScriptType>();
    for (Expr v : values) {
      types.add(shared.script.typeOf(v) == Type.STRING ? ScriptType.STRING : ScriptType.LONG);
    }
    return new Formatted(StapFormat.forPrint(types, delimiter, name.endsWith("ln")), values);
  }

  /** The layout with operand {@code index}'s field grown to {@code capacity} bytes. */
  private static RecordLayout resized(RecordLayout layout, int index, int capacity) {
    var fields = new ArrayList<RecordLayout.Field>();
    int shift = 0;
    for (int i = 0; i < layout.fields().size(); i++) {
      var f = layout.fields().get(i);
      if (i == index) {
        fields.add(new RecordLayout.Field(f.kind(), f.offset() + shift, capacity));
        shift += (capacity - f.capacity() + 7) & ~7;
      } else {
        fields.add(new RecordLayout.Field(f.kind(), f.offset() + shift, f.capacity()));
      }
    }
    return new RecordLayout(fields, (layout.size() + shift + 7) & ~7);
  }

  /** sprintf and friends in BPF: bpf_snprintf with the format rewritten for the kernel. */
  private void sprint(io.jstap.lang.ast.Call call, String name) {
    List<Expr> args = call.args();
    var formatted = formatted(call, name);
    if (formatted == null) {
      literal("");
      return;
    }
    StapFormat format = formatted.format();
    List<Expr> values = formatted.values();
    String kernelFormat = kernelFormat(format, call);
    if (kernelFormat == null) {
      literal("");
      return;
    }
    if (values.size() > MAX_SNPRINTF_VALUES) {
      shared.diagnostics.error(call.span(), "sprintf in kernel-context probes takes at most 12"
          + " values (bpf_snprintf's limit)");
      literal("");
      return;
    }
    var loaders = new ArrayList<Runnable>();
    for (Expr v : values) {
      if (shared.script.typeOf(v) == Type.STRING) {
        loaders.add(() -> {
          c.stringExpr(v);
          int copy = c.scratch(maxLen);
          c.copyStringTo(copy, Reg.R0);
          c.emit(Alu.mov(Reg.R0, SCRATCH), Alu.add(Reg.R0, copy));
        });
      } else {
        loaders.add(() -> c.longExpr(v));
      }
    }
    snprintf(kernelFormat, loaders);
  }

  /**
   * r0 = the address of bpf_snprintf's output for a kernel format whose values the {@code
   * loaders} leave in r0 one by one (longs, or addresses of strings in BPF memory).
   */
  void snprintf(String kernelFormat, List<Runnable> loaders) {
    int data = c.scratch(8 * Math.max(1, loaders.size()));
    for (int i = 0; i < loaders.size(); i++) {
      loaders.get(i).run();
      c.emit(Store.of(Size.DW, SCRATCH, data + 8 * i, Reg.R0));
    }
    int out = c.scratch(maxLen);
    c.emit(Alu.mov(Reg.R1, SCRATCH), Alu.add(Reg.R1, out), Alu.mov(Reg.R2, maxLen),
        LoadImm64.mapValue(Reg.R3, StringTable.MAP, shared.strings.offsetOf(kernelFormat)),
        Alu.mov(Reg.R4, SCRATCH), Alu.add(Reg.R4, data), Alu.mov(Reg.R5, 8 * loaders.size()),
        Call.helper(SNPRINTF));
    Label ok = new Label("snprintf_ok");
    c.emit(Jump.ifSignedGreaterOrEqual(Reg.R0, 0, ok), StoreImm.of(Size.B, SCRATCH, out, 0));
    c.assembler().bind(ok);
    c.emit(Alu.mov(Reg.R0, SCRATCH), Alu.add(Reg.R0, out));
  }

  /**
   * A SystemTap format as the kernel's bpf_snprintf reads it (kernel/bpf/helpers.c,
   * bpf_bprintf_prepare): flags "0+- ", a width, and d i u x X c s p only; every value is a
   * u64, hence the ll. Null (and a diagnostic) when the format needs more.
   */
  private String kernelFormat(StapFormat format, io.jstap.lang.ast.Call call) {
    var b = new StringBuilder();
    boolean afterString = false;
    for (FormatPiece piece : format.pieces()) {
      switch (piece) {
        case FormatPiece.Literal l -> {
          // bpf_snprintf refuses a %s followed by anything but a space, punctuation or the end
          // (bpf_bprintf_prepare(), kernel/bpf/helpers.c)
          if (afterString && l.bytes().length > 0 && Character.isLetterOrDigit(l.bytes()[0])) {
            return refuse(call, "a letter or digit right after %s");
          }
          for (byte x : l.bytes()) {
            char ch = (char) (x & 0xff);
            if (ch == '%') b.append("%%");
            else if (ch >= 0x20 && ch < 0x7f || ch == '\n' || ch == '\t') b.append(ch);
            else return refuse(call, "non-printable characters in the format");
          }
          afterString = false;
        }
        case FormatPiece.Conversion conv -> {
          if (conv.width() instanceof FieldSize.FromArgument
              || !(conv.precision() instanceof FieldSize.Unspecified)
              || conv.flags().contains(Flag.SPECIAL)) {
            return refuse(call, "'*' widths, precisions and '#'");
          }
          String spec = switch (conv.kind()) {
            case SIGNED_DECIMAL -> "lld";
            case UNSIGNED_DECIMAL -> "llu";
            case HEX, POINTER -> "llx";
            case HEX_UPPER -> "llX";
            case CHAR -> "c";
            case STRING -> "s";
            default -> null;
          };
          if (spec == null) return refuse(call, conv.text());
          afterString = conv.kind() == ConversionKind.STRING;
          if (conv.kind() == ConversionKind.POINTER) b.append("0x");
          b.append('%');
          for (Flag f : conv.flags()) b.append(f.symbol());
          if (conv.width() instanceof FieldSize.Fixed w) b.append(w.value());
          b.append(spec);
        }
      }
    }
    return b.toString();
  }

  private String refuse(io.jstap.lang.ast.Call call, String what) {
    shared.diagnostics.report(Diagnostic.error(call.span(), "sprintf with " + what
        + " is not available in kernel-context probes")
        .withHint("printf sends its values to user space and supports every conversion;"
            + " or format in an end or timer probe"));
    return null;
  }
}

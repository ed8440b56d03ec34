package io.jstap.sema;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A function jstap provides itself (SystemTap's tapset functions that need the runtime: context,
 * strings, memory, output). The code generator and the interpreter implement each; this is its
 * signature for type checking.
 *
 * @param params parameter types; a parameter of type {@link Type#UNKNOWN} takes either type
 * @param required how many leading parameters must be given (the rest are optional)
 * @param variadic the print family: any number of values of any type after {@code params}
 */
public record Builtin(String name, Type returns, List<Type> params, int required, boolean variadic) {

  private static final Map<String, Builtin> ALL = new HashMap<>();

  private static void def(String name, Type returns, Type... params) {
    ALL.put(name, new Builtin(name, returns, List.of(params), params.length, false));
  }

  private static void optional(String name, Type returns, int required, Type... params) {
    ALL.put(name, new Builtin(name, returns, List.of(params), required, false));
  }

  private static void variadic(String name, Type returns, Type... params) {
    ALL.put(name, new Builtin(name, returns, List.of(params), params.length, true));
  }

  static {
    final Type L = Type.LONG;
    final Type S = Type.STRING;
    // context
    for (String n : List.of("pid", "tid", "ppid", "uid", "gid", "euid", "egid", "cpu",
        "gettimeofday_s", "gettimeofday_ms", "gettimeofday_us", "gettimeofday_ns",
        "local_clock_s", "local_clock_ms", "local_clock_us", "local_clock_ns", "ktime_get_ns",
        "jiffies", "target", "get_cycles", "returnval", "is_return", "uaddr", "addr",
        "stp_pid", "task_current", "num_online_cpus")) {
      def(n, L);
    }
    for (String n : List.of("execname", "pexecname", "probefunc", "pp", "ppfunc", "backtrace",
        "ubacktrace", "cmdline_str", "sprint_backtrace", "sprint_ubacktrace")) {
      def(n, S);
    }
    def("user_mode", L);
    def("registers_valid", L);
    def("print_syms", Type.UNKNOWN, S);
    def("print_usyms", Type.UNKNOWN, S);
    def("sprint_syms", S, S);
    def("sprint_usyms", S, S);
    // SystemTap's older names for the same (context-symbols.stp, ucontext-symbols.stp)
    def("print_stack", Type.UNKNOWN, S);
    def("print_ustack", Type.UNKNOWN, S);
    def("sprint_stack", S, S);
    def("sprint_ustack", S, S);
    def("system", Type.UNKNOWN, S);
    def("print_backtrace", Type.UNKNOWN);
    def("print_ubacktrace", Type.UNKNOWN);
    // errors and exit
    def("errno_str", S, L);
    def("errno_p", L, L);
    def("strerror", S, L);
    def("syscall_name", S, L);
    def("drop_reason_str", S, L);
    def("exit", Type.UNKNOWN);
    def("error", Type.UNKNOWN, S);
    def("warn", Type.UNKNOWN, S);
    def("log", Type.UNKNOWN, S);
    optional("assert", Type.UNKNOWN, 1, L, S);
    // strings
    def("strlen", L, S);
    def("substr", S, S, L, L);
    def("isinstr", L, S, S);
    optional("strtol", L, 1, S, L);
    def("str_replace", S, S, S, S);
    def("stringat", L, S, L);
    def("text_str", S, S);
    def("matched", S, L);
    def("randint", L, L);
    def("abs", L, L);
    def("ctime", S, L);
    def("tz_ctime", S, L);
    def("tz_gmtoff", L);
    def("tz_name", S);
    // memory
    optional("kernel_string", S, 1, L, S);
    optional("kernel_string_n", S, 2, L, L, S);
    optional("user_string", S, 1, L, S);
    optional("user_string_n", S, 2, L, L, S);
    def("user_string_quoted", S, L);
    for (String n : List.of("kernel_long", "kernel_int", "kernel_short", "kernel_char",
        "kernel_pointer", "user_long", "user_int", "user_short", "user_char", "user_int8",
        "user_uint8", "user_int16", "user_uint16", "user_int32", "user_uint32", "user_int64",
        "user_uint64", "user_ushort", "user_ulong", "user_long_error", "user_int_error",
        "user_short_error", "user_char_error", "user_ushort_error", "user_ulong_error",
        "user_int8_error", "user_uint8_error", "user_int16_error", "user_uint16_error",
        "user_int32_error", "user_uint32_error", "user_int64_error", "user_uint64_error")) {
      def(n, L, L);
    }
    // symbols
    for (String n : List.of("symname", "symdata", "usymname", "usymdata")) def(n, S, L);
    // user-space probe arguments
    for (String n : List.of("int_arg", "uint_arg", "long_arg", "ulong_arg", "s32_arg",
        "u32_arg", "s64_arg", "u64_arg", "pointer_arg", "s8_arg", "u8_arg", "s16_arg",
        "u16_arg", "longlong_arg", "ulonglong_arg")) {
      def(n, L, L);
    }
    def("register", L, S);
    def("u_register", L, S);
    // output: print family (their shape was checked by the parser)
    variadic("print", Type.UNKNOWN);
    variadic("println", Type.UNKNOWN);
    variadic("printf", Type.UNKNOWN, S);
    variadic("printd", Type.UNKNOWN, S);
    variadic("printdln", Type.UNKNOWN, S);
    variadic("sprint", S);
    variadic("sprintln", S);
    variadic("sprintf", S, S);
    variadic("sprintd", S, S);
    variadic("sprintdln", S, S);
    def("print_char", Type.UNKNOWN, L);
  }

  /** The builtin of this name, if jstap has one. */
  public static Optional<Builtin> named(String name) {
    return Optional.ofNullable(ALL.get(name));
  }

  /** Every builtin name (for "did you mean"). */
  public static java.util.Set<String> names() {
    return ALL.keySet();
  }

  /** True when {@code count} arguments fit. */
  public boolean accepts(int count) {
    return count >= required && (variadic || count <= params.size());
  }

  /** True for printf, sprintf and the other functions whose first argument is a format. */
  public boolean takesFormat() {
    return name.equals("printf") || name.equals("sprintf");
  }
}

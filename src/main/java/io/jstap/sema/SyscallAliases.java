package io.jstap.sema;

import io.jstap.lang.GlobPattern;
import io.jstap.lang.Source;
import io.jstap.lang.ast.AliasDecl;
import io.jstap.lang.ast.Decl;
import io.jstap.lang.ast.ProbePoint;
import io.jstap.lang.ast.Script;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The syscall tapset: {@code syscall.NAME} and {@code syscall.NAME.return} for every system
 * call this kernel has {@code syscalls:sys_enter_NAME}/{@code sys_exit_NAME} tracepoints for,
 * written in SystemTap's language from the tracepoints' argument lists and parsed like any
 * tapset. They are made on demand, only for the names a probe point asks for.
 *
 * <p>Entry aliases set {@code name}, {@code argstr} and one local per argument (strings for
 * {@code char *} arguments, read from user memory); return aliases set {@code name}, {@code
 * retval} and {@code retstr}, as SystemTap's tapset does.
 */
public final class SyscallAliases implements Function<ProbePoint, List<AliasDecl>> {
  private static final Set<String> RESERVED = Set.of("name", "argstr", "retval", "retstr");

  private final ProbeEnvironment env;
  private final Function<Source, Script> parser;
  private final Set<String> globalNames;
  private final Map<String, List<AliasDecl>> made = new HashMap<>();
  private List<String> syscalls;
  /** Arguments SystemTap's tapset names otherwise than the tracepoint: "call.field" to name. */
  private Map<String, String> renamed;

  /**
   * @param parser parses tapset source (the front end)
   * @param globalNames the script's globals: an argument local of the same name would write
   *     the global, so it is left out
   */
  public SyscallAliases(ProbeEnvironment env, Function<Source, Script> parser, Set<String> globalNames) {
    this.env = env;
    this.parser = parser;
    this.globalNames = globalNames;
  }

  @Override
  public List<AliasDecl> apply(ProbePoint point) {
    var comps = point.components();
    if (comps.size() < 2 || comps.size() > 3 || !GlobPattern.matches(comps.get(0).name(), "syscall")) {
      return List.of();
    }
    var matching = new ArrayList<String>();
    for (String name : syscalls()) {
      if (GlobPattern.matches(comps.get(1).name(), name)) matching.add(name);
    }
    if (comps.get(1).name().equals("*")) return anySyscall();
    var out = new ArrayList<AliasDecl>();
    for (String name : matching) out.addAll(aliasesOf(name));
    return out;
  }

  /**
   * {@code syscall.*} and {@code syscall.*.return}: one probe on every system call (the
   * raw_syscalls events) rather than one program per call, which would run hundreds of
   * programs on every call. {@code name} comes from the call's number, {@code argstr} shows
   * the six argument registers, and the per-argument locals are not set (SystemTap's BPF
   * tapset, syscall_any, gives no arguments either). Narrower wildcards ({@code syscall.open*})
   * get each call's own alias.
   */
  private List<AliasDecl> anySyscall() {
    String pattern = "*";
    return made.computeIfAbsent("*any*", n -> {
      String filter = "";
      String text = "probe syscall." + pattern + " = kernel.trace(\"raw_syscalls:sys_enter\") {\n"
          + "  name = syscall_name($id)\n"
          + filter
          + "  argstr = sprintf(\"0x%x, 0x%x, 0x%x, 0x%x, 0x%x, 0x%x\", $regs->di, $regs->si,"
          + " $regs->dx, $regs->r10, $regs->r8, $regs->r9)\n"
          + "}\n"
          + "probe syscall." + pattern + ".return = kernel.trace(\"raw_syscalls:sys_exit\") {\n"
          + "  name = syscall_name($regs->orig_ax)\n"
          + filter
          + "  retval = $ret\n"
          + "  retstr = return_str(1, $ret)\n"
          + "}\n";
      var script = parser.apply(new Source("<syscall tapset: " + pattern + ">", text));
      var aliases = new ArrayList<AliasDecl>();
      for (Decl d : script.decls()) if (d instanceof AliasDecl a) aliases.add(a);
      return aliases;
    });
  }


  /** System calls with both an entry and an exit tracepoint, sorted. */
  public List<String> syscalls() {
    if (syscalls == null) {
      var enter = new ArrayList<String>();
      var all = Set.copyOf(env.tracepoints());
      for (String tp : env.tracepoints()) {
        if (tp.startsWith("syscalls:sys_enter_")) {
          String name = tp.substring("syscalls:sys_enter_".length());
          if (all.contains("syscalls:sys_exit_" + name)) enter.add(name);
        }
      }
      enter.sort(null);
      syscalls = enter;
    }
    return syscalls;
  }

  private List<AliasDecl> aliasesOf(String name) {
    return made.computeIfAbsent(name, n -> {
      var script = parser.apply(new Source("<syscall tapset: " + n + ">", source(n)));
      var aliases = new ArrayList<AliasDecl>();
      for (Decl d : script.decls()) if (d instanceof AliasDecl a) aliases.add(a);
      return aliases;
    });
  }

  /** The tapset text for one system call. */
  String source(String name) {
    var args = env.tracepointArgs("syscalls", "sys_enter_" + name);
    var body = new StringBuilder();
    var format = new StringBuilder();
    var values = new StringBuilder();
    var taken = new HashSet<String>(RESERVED);
    taken.addAll(globalNames);
    for (var a : args) taken.add(a.name());
    boolean hasCount = taken.contains("count");
    for (var a : args) {
      if (a.name().startsWith("__") || a.name().equals("common_pid")) continue;
      boolean string = isString(a.cType(), a.name());
      boolean pointer = a.cType().contains("*");
      if (!format.isEmpty()) format.append(", ");
      format.append(string ? "%s" : pointer ? "%p" : "%d");
      String value = string ? "user_string_quoted($" + a.name() + ")" : "$" + a.name();
      if (string && a.name().equals("buf") && hasCount) {
        // a buffer of count bytes (write, pwrite64): no further, whatever follows it
        value = "\"\\\"\" . user_string_n($buf, $count, \"\") . \"\\\"\"";
      }
      values.append(", ").append(value);
      if (!RESERVED.contains(a.name()) && !globalNames.contains(a.name())) {
        body.append("  ").append(a.name()).append(" = ").append(value).append('\n');
      }
      // SystemTap's other names for an argument: the user address of a pointer (buf_uaddr),
      // a string without quotes (filename_unquoted), and the names it gives
      // otherwise (futex_uaddr, wait4's pid: tapset/syscall-names).
      var more = new LinkedHashMap<String, String>();
      if (pointer) more.put(a.name() + "_uaddr", "$" + a.name());
      if (string) more.put(a.name() + "_unquoted", "user_string($" + a.name() + ", \"\")");
      if (renamed == null) renamed = Tapset.syscallArgumentNames();
      String other = renamed.get(name + "." + a.name());
      if (other != null) more.put(other, value);
      more.forEach((local, v) -> {
        if (taken.add(local)) body.append("  ").append(local).append(" = ").append(v).append('\n');
      });
    }
    String argstr = format.isEmpty() ? "\"\"" : "sprintf(\"" + format + "\"" + values + ")";
    // open and openat as SystemTap shows them: flags by name, AT_FDCWD, the mode in octal when
    // O_CREAT asks for one (tapset/syscall_args.stp)
    String flags = "_sys_open_flag_str($flags)";
    String mode = "__octal_str($mode)";
    switch (name) {
      case "openat" -> {
        String head = "_dfd_str($dfd), user_string_quoted($filename), " + flags;
        argstr = "$flags & 0100 ? sprintf(\"%s, %s, %s, %s\", " + head + ", " + mode
            + ") : sprintf(\"%s, %s, %s\", " + head + ")";
        if (taken.add("dfd_str")) body.append("  dfd_str = _dfd_str($dfd)\n");
        if (taken.add("flags_str")) body.append("  flags_str = ").append(flags).append('\n');
      }
      case "open" -> {
        String head = "user_string_quoted($filename), " + flags;
        argstr = "$flags & 0100 ? sprintf(\"%s, %s, %s\", " + head + ", " + mode
            + ") : sprintf(\"%s, %s\", " + head + ")";
        if (taken.add("flags_str")) body.append("  flags_str = ").append(flags).append('\n');
      }
      default -> {}
    }
    return "probe syscall." + name + " = kernel.trace(\"syscalls:sys_enter_" + name + "\") {\n"
        + "  name = \"" + name + "\"\n"
        + "  argstr = " + argstr + "\n"
        + body
        + "}\n"
        + "probe syscall." + name + ".return = kernel.trace(\"syscalls:sys_exit_" + name
        + "\") {\n"
        + "  name = \"" + name + "\"\n"
        + "  retval = $ret\n"
        + "  retstr = return_str(1, $ret)\n"
        + "}\n";
  }

  /**
   * Whether an argument is a string to read from the caller: a {@code char *} other than the
   * byte buffers a call fills or takes (read's buf, getsockopt's optval...), which SystemTap
   * shows as addresses.
   */
  private static boolean isString(String cType, String name) {
    String t = cType.replace("const ", "").replace(" ", "");
    if (!t.equals("char*") && !t.equals("unsignedchar*")) return false;
    return cType.contains("const") || !BUFFERS.contains(name);
  }

  /** Plain {@code char *} arguments of system calls that are buffers, not strings. */
  private static final Set<String> BUFFERS =
      Set.of("buf", "ubuf", "list", "optval", "u_msg_ptr", "shmaddr", "vec");
}

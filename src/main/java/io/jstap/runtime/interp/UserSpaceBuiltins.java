package io.jstap.runtime.interp;

import io.jstap.bpf.Cpus;
import io.jstap.errno.ErrnoCode;
import io.jstap.errno.ErrnoTable;
import io.jstap.lang.ast.Call;
import io.jstap.lang.ast.Expr;
import io.jstap.lang.ast.HistogramOp;
import io.jstap.format.ConversionKind;
import io.jstap.format.FormatParse;
import io.jstap.format.HistogramPrinter;
import io.jstap.format.Operand;
import io.jstap.format.OutputBuffer;
import io.jstap.format.ScriptType;
import io.jstap.format.StapFormat;
import io.jstap.format.StatSummary;
import io.jstap.format.ValueArguments;
import io.jstap.format.WarningText;
import io.jstap.sema.Builtin;
import io.jstap.sema.ProbeTarget;
import io.jstap.sema.Type;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The functions jstap provides itself ({@link Builtin}), as they behave in a handler that runs
 * in user space. Those that describe "the current process" describe jstap, which runs the
 * handler (as staprun does for SystemTap's begin probes); those that need a kernel context
 * (registers, probe arguments, stacks, kernel or user memory) are run-time errors that say why,
 * except where SystemTap's own function returns a fallback on a fault ({@code user_string(addr,
 * "?")}, {@code user_long()}, {@code user_string_quoted()}).
 */
final class UserSpaceBuiltins {
  private final Interpreter in;
  private final IdentityHashMap<Call, StapFormat> formats = new IdentityHashMap<>();
  private final SplittableRandom random = new SplittableRandom();
  private volatile Long onlineCpus;
  /** The local time zone, read when first asked for (staprun passes it at start-up). */
  private volatile io.jstap.format.CalendarTime.Zone zone;

  UserSpaceBuiltins(Interpreter in) {
    this.in = in;
  }

  Object call(Call c, Builtin b, Interpreter.Frame f) {
    String name = b.name();
    return switch (name) {
      case "print", "println", "sprint", "sprintln", "printf", "sprintf", "printd", "printdln",
          "sprintd", "sprintdln" -> print(c, name, f);
      case "print_char" -> {
        out().write((int) longArg(c, 0, f));
        in.context.printed();
        yield null;
      }
      case "log" -> {
        out().write(stringArg(c, 0, f));
        out().write('\n');
        in.context.printed();
        yield null;
      }
      case "warn" -> {
        OutputBuffer err = in.context.errors();
        err.write(WarningText.of(stringArg(c, 0, f)));
        err.flush();
        yield null;
      }
      case "system" -> {
        io.jstap.runtime.SystemCommands.start(text(stringArg(c, 0, f)), System.err);
        yield null;
      }
      case "error" -> throw new ScriptError(text(stringArg(c, 0, f)), SourceTokens.at(c.span()),
          true);
      case "exit" -> {
        in.context.requestExit();
        yield null;
      }
      case "assert" -> {
        long ok = longArg(c, 0, f);
        byte[] message = c.args().size() > 1 ? stringArg(c, 1, f) : null;
        if (ok == 0) {
          throw new ScriptError(message == null ? "Assertion failed" : text(message),
              SourceTokens.at(c.span()), true);
        }
        yield null;
      }

      // the process running the handler: jstap
      case "pid", "stp_pid" -> ThisProcess.get().pid;
      case "tid" -> ThisProcess.tid();
      case "ppid" -> ThisProcess.get().ppid;
      case "uid" -> ThisProcess.get().uid;
      case "euid" -> ThisProcess.get().euid;
      case "gid" -> ThisProcess.get().gid;
      case "egid" -> ThisProcess.get().egid;
      case "execname" -> in.clip(ThisProcess.get().comm);
      case "pexecname" -> in.clip(ThisProcess.get().parentComm);
      case "cmdline_str" -> in.clip(ThisProcess.get().cmdline);
      case "cpu" -> 0L;
      case "num_online_cpus" -> onlineCpus();
      case "target" -> in.context.targetPid();
      case "pp" -> in.clip(in.currentProbe().point().getBytes(StandardCharsets.UTF_8));
      case "ppfunc", "probefunc" -> Interpreter.EMPTY;
      case "is_return", "addr", "uaddr" -> 0L; // no registers: SystemTap's fallbacks
      case "user_mode", "registers_valid" -> 0L;

      // clocks
      case "gettimeofday_s" -> in.context.clock().realtimeNanos() / 1_000_000_000L;
      case "gettimeofday_ms" -> in.context.clock().realtimeNanos() / 1_000_000L;
      case "gettimeofday_us" -> in.context.clock().realtimeNanos() / 1_000L;
      case "gettimeofday_ns" -> in.context.clock().realtimeNanos();
      case "local_clock_s" -> in.context.clock().monotonicNanos() / 1_000_000_000L;
      case "local_clock_ms" -> in.context.clock().monotonicNanos() / 1_000_000L;
      case "local_clock_us" -> in.context.clock().monotonicNanos() / 1_000L;
      case "local_clock_ns", "ktime_get_ns", "get_cycles" -> in.context.clock().monotonicNanos();
      case "jiffies" -> in.context.clock().jiffies();
      case "ctime" -> ctime(longArg(c, 0, f), c);
      case "tz_gmtoff" -> zone().secondsWest();
      case "tz_name" -> in.clip(zone().name().getBytes(StandardCharsets.UTF_8));
      // SystemTap's ctime(epochsecs - tz_gmtoff()) . " " . tz_name(), range errors included
      case "tz_ctime" -> in.clip((text(ctime(longArg(c, 0, f) - zone().secondsWest(), c)) + " "
          + zone().name()).getBytes(StandardCharsets.UTF_8));

      // errors
      case "errno_str" -> errnoName(longArg(c, 0, f));
      case "errno_p" -> errnoNumber(longArg(c, 0, f));
      case "strerror" -> strerror(longArg(c, 0, f));
      case "syscall_name" -> syscallName(longArg(c, 0, f));
      case "drop_reason_str" -> in.clip(in.context.symbols().dropReason(longArg(c, 0, f))
          .getBytes(StandardCharsets.UTF_8));

      // strings
      case "strlen" -> (long) stringArg(c, 0, f).length;
      case "substr" -> substr(stringArg(c, 0, f), longArg(c, 1, f), longArg(c, 2, f));
      case "isinstr" -> indexOf(stringArg(c, 0, f), stringArg(c, 1, f), 0) >= 0 ? 1L : 0L;
      case "strtol" -> strtol(stringArg(c, 0, f), c.args().size() > 1 ? longArg(c, 1, f) : 10);
      case "str_replace" -> strReplace(stringArg(c, 0, f), stringArg(c, 1, f),
          stringArg(c, 2, f));
      case "stringat" -> {
        byte[] s = stringArg(c, 0, f);
        long pos = longArg(c, 1, f);
        if (pos < 0 || pos >= s.length) {
          throw new ScriptError("Position out of bounds", SourceTokens.at(c.span()), true);
        }
        yield (long) (s[(int) pos] & 0xff); // the kernel's char is unsigned (Linux 6.2+)
      }
      case "text_str" -> textStr(stringArg(c, 0, f), in.maxString);
      case "matched" -> matched(longArg(c, 0, f), c);
      case "randint" -> {
        long n = longArg(c, 0, f);
        // RANDMAX in SystemTap's random.stp is 1024*1024
        if (n > (1 << 20)) throw new ScriptError("range too wide", SourceTokens.at(c.span()), true);
        if (n <= 0) {
          throw new ScriptError("randint(" + n + "): the range must be at least 1",
              SourceTokens.at(c.span()), true);
        }
        yield (long) random.nextInt((int) n);
      }
      case "abs" -> {
        long x = longArg(c, 0, f);
        yield x < 0 ? -x : x;
      }

      // memory: nothing to read outside a kernel context
      case "kernel_string", "user_string" -> {
        long addr = longArg(c, 0, f);
        if (c.args().size() > 1) yield stringArg(c, 1, f);
        throw memoryFault(c, name, addr);
      }
      case "kernel_string_n", "user_string_n" -> {
        long addr = longArg(c, 0, f);
        longArg(c, 1, f);
        if (c.args().size() > 2) yield stringArg(c, 2, f);
        throw memoryFault(c, name, addr);
      }
      // runtime/linux/string.c: "NULL" for 0, "<unknown>" when the memory cannot be read
      case "user_string_quoted" -> longArg(c, 0, f) == 0
          ? "NULL".getBytes(StandardCharsets.US_ASCII)
          : "<unknown>".getBytes(StandardCharsets.US_ASCII);
      case "kernel_long", "kernel_int", "kernel_short", "kernel_char", "kernel_pointer",
          "user_long_error", "user_int_error", "user_short_error", "user_char_error",
          "user_ushort_error", "user_ulong_error", "user_int8_error", "user_uint8_error",
          "user_int16_error", "user_uint16_error", "user_int32_error", "user_uint32_error",
          "user_int64_error", "user_uint64_error" ->
          throw memoryFault(c, name, longArg(c, 0, f));
      // SystemTap's user_long() and friends return 0 when the memory cannot be read
      case "user_long", "user_int", "user_short", "user_char", "user_int8", "user_uint8",
          "user_int16", "user_uint16", "user_int32", "user_uint32", "user_int64",
          "user_uint64", "user_ushort", "user_ulong" -> {
        longArg(c, 0, f);
        yield 0L;
      }
      // symbols of the kernel, or of the target process for the user-space ones
      case "symname" -> in.clip(in.context.symbols().kernelName(longArg(c, 0, f))
          .getBytes(StandardCharsets.UTF_8));
      case "symdata" -> in.clip(in.context.symbols().kernelData(longArg(c, 0, f))
          .getBytes(StandardCharsets.UTF_8));
      case "usymname" -> in.clip(in.context.symbols().userName(in.context.targetPid(),
          longArg(c, 0, f)).getBytes(StandardCharsets.UTF_8));
      case "usymdata" -> in.clip(in.context.symbols().userData(in.context.targetPid(),
          longArg(c, 0, f)).getBytes(StandardCharsets.UTF_8));

      case "print_syms", "print_usyms", "print_stack", "print_ustack" -> {
        out().write(syms(stringArg(c, 0, f), name.startsWith("print_u")));
        yield null;
      }
      case "sprint_syms", "sprint_usyms", "sprint_stack", "sprint_ustack" ->
          in.clip(syms(stringArg(c, 0, f), name.startsWith("sprint_u")));

      // kernel context
      case "returnval" -> throw noContext(c, "function return value");
      case "task_current" -> throw noContext(c, "current task in the kernel");
      case "backtrace", "ubacktrace", "print_backtrace", "print_ubacktrace", "sprint_backtrace",
          "sprint_ubacktrace" ->
          throw noContext(c, "stack to walk");
      case "register", "u_register" -> throw noContext(c, "registers");
      case "int_arg", "uint_arg", "long_arg", "ulong_arg", "s32_arg", "u32_arg", "s64_arg",
          "u64_arg", "pointer_arg", "s8_arg", "u8_arg", "s16_arg", "u16_arg", "longlong_arg",
          "ulonglong_arg" -> throw noContext(c, "function arguments");
      default -> throw new IllegalStateException("builtin " + name
          + "() has no user-space implementation");
    };
  }

  /**
   * print_syms(): a list of hex addresses (what backtrace() gives) as one line per frame,
   * {@code " 0x... : symbol+0x../0x.. [module]"}, as print_backtrace() prints them; user-space
   * addresses are looked up in the target process.
   */
  private byte[] syms(byte[] addresses, boolean user) {
    var b = new StringBuilder();
    for (String word : text(addresses).trim().split("\\s+")) {
      if (word.isEmpty()) continue;
      long address;
      try {
        address = Long.parseUnsignedLong(word.startsWith("0x") ? word.substring(2) : word, 16);
      } catch (NumberFormatException e) {
        continue;
      }
      b.append(String.format(" 0x%016x : %s%n", address, user
          ? in.context.symbols().userData(in.context.targetPid(), address)
          : in.context.symbols().kernelData(address)));
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private io.jstap.format.CalendarTime.Zone zone() {
    var z = zone;
    if (z == null) zone = z = io.jstap.format.CalendarTime.Zone.local();
    return z;
  }

  private OutputBuffer out() {
    return in.context.output();
  }

  private long longArg(Call c, int i, Interpreter.Frame f) {
    return in.evalLong(c.args().get(i), f);
  }

  /** A string argument, cut to MAXSTRINGLEN - 1 as the function's parameter holds it. */
  private byte[] stringArg(Call c, int i, Interpreter.Frame f) {
    return in.clip(in.evalString(c.args().get(i), f));
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private long onlineCpus() {
    Long n = onlineCpus;
    if (n == null) {
      n = (long) Cpus.online().size();
      onlineCpus = n;
    }
    return n;
  }

  private String probeKind() {
    return switch (in.currentProbe().target()) {
      case ProbeTarget.Begin b -> "begin";
      case ProbeTarget.End e -> "end";
      case ProbeTarget.ErrorProbe e -> "error";
      case ProbeTarget.Timer t -> "timer";
      default -> "user-space";
    };
  }

  private ScriptError noContext(Call c, String what) {
    // Short enough for a MAXSTRINGLEN string, which is what catch (msg) receives.
    return new ScriptError(c.function() + "(): a " + probeKind() + " probe runs in jstap, outside"
        + " the kernel: it has no " + what, SourceTokens.at(c.span()), true);
  }

  private ScriptError memoryFault(Call c, String name, long addr) {
    return memoryFault(c, name + "(0x" + Long.toHexString(addr) + ")",
        name.startsWith("kernel") ? "kernel" : "user");
  }

  private ScriptError memoryFault(Call c, String what, String space) {
    return new ScriptError(what + ": no " + space + " memory to read in a " + probeKind()
        + " probe (it runs in jstap, outside the kernel)", SourceTokens.at(c.span()), true);
  }

  // ---- print family ---------------------------------------------------------------------------

  private Object print(Call c, String name, Interpreter.Frame f) {
    boolean toString = name.startsWith("sprint");
    List<Expr> args = c.args();
    boolean plain = name.equals("print") || name.equals("println") || name.equals("sprint")
        || name.equals("sprintln");
    if (plain && args.size() == 1 && args.getFirst() instanceof HistogramOp h) {
      // A histogram prints as itself; the newline of println is not added (translate.cxx,
      // visit_print_format). An empty statistic has no histogram.
      StatSummary stat = in.stat(h.operand(), f);
      if (stat.isEmpty()) {
        throw new ScriptError("empty aggregate", SourceTokens.at(c.span()), true);
      }
      if (toString) return HistogramPrinter.sprint(stat, in.context.histogramStyle(),
          in.formatLimits);
      HistogramPrinter.print(stat, in.context.histogramStyle(), out());
      in.context.printed();
      return null;
    }
    int first = plain ? 0 : 1;
    StapFormat format = formats.get(c);
    if (format == null) {
      format = format(c, name, first);
      formats.put(c, format);
    }
    var values = new ValueArguments(format.operands().size());
    for (Operand op : format.operands()) {
      Expr arg = args.get(first + op.index());
      if (op.type() == ScriptType.STRING) {
        values.setBytes(op.index(), in.evalString(arg, f));
      } else {
        long v = in.evalLong(arg, f);
        if (op.role() == Operand.Role.VALUE && (op.conversion().kind() == ConversionKind.MEMORY
            || op.conversion().kind() == ConversionKind.MEMORY_HEX)) {
          throw memoryFault(c, name + "(\"" + op.conversion().text() + "\") of 0x"
              + Long.toHexString(v), "kernel");
        }
        values.setLong(op.index(), v);
      }
    }
    if (toString) return format.sprintf(values, in.formatLimits);
    format.printf(values, in.formatLimits, out());
    in.context.printed();
    return null;
  }

  private StapFormat format(Call c, String name, int first) {
    List<Expr> args = c.args();
    if (name.equals("printf") || name.equals("sprintf")) {
      return switch (StapFormat.parse(Interpreter.literalBytes(args.getFirst()))) {
        case FormatParse.Parsed(StapFormat format) -> format;
        case FormatParse.Invalid(var error) -> throw new IllegalStateException(
            "bad format at " + args.getFirst().span() + ": " + error.message());
      };
    }
    var types = new ArrayList<ScriptType>();
    for (int i = first; i < args.size(); i++) {
      types.add(in.script.typeOf(args.get(i)) == Type.STRING ? ScriptType.STRING
          : ScriptType.LONG);
    }
    byte[] delimiter = first == 1 ? Interpreter.literalBytes(args.getFirst()) : null;
    return StapFormat.forPrint(types, delimiter, name.endsWith("ln"));
  }

  // ---- regex ----------------------------------------------------------------------------------

  private byte[] matched(long n, Call c) {
    Interpreter.LastMatch m = in.lastMatch;
    if (m == null || m.spans() == null) {
      throw new ScriptError("matched(" + n + "): the last =~ " + (m == null ? "has not run"
          : "did not match"), SourceTokens.at(c.span()), true);
    }
    if (n < 0 || n > m.groups()) {
      throw new ScriptError("matched(" + n + "): the regex has " + m.groups() + " subexpression"
          + (m.groups() == 1 ? "" : "s"), SourceTokens.at(c.span()), true);
    }
    int start = m.spans()[2 * (int) n];
    int end = m.spans()[2 * (int) n + 1];
    if (start < 0) return Interpreter.EMPTY; // took no part in the match (alternation)
    return Arrays.copyOfRange(m.subject(), start, end);
  }

  // ---- errno ----------------------------------------------------------------------------------

  /** The name of an error code, either sign; "" for numbers the table lacks (as SystemTap). */
  private static byte[] errnoName(long err) {
    return ErrnoTable.running().byNumber(err).map(ErrnoCode::name).orElse("")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** SystemTap's errno_p: the error number (positive) if it names an error code, else 0. */
  private static long errnoNumber(long err) {
    return ErrnoTable.running().byNumber(err).map(code -> (long) code.number()).orElse(0L);
  }

  /** The name of a system call by number ("" for numbers that are none). */
  private static byte[] syscallName(long number) {
    String name = number < 0 || number > Integer.MAX_VALUE ? null
        : io.jstap.kernel.Syscalls.x86_64().name((int) number);
    return (name == null ? "" : name).getBytes(StandardCharsets.US_ASCII);
  }

  private byte[] strerror(long err) {
    String text = ErrnoTable.running().byNumber(err).map(ErrnoCode::description)
        .orElse("Unknown error " + (err < 0 ? -err : err));
    return in.clip(text.getBytes(StandardCharsets.UTF_8));
  }

  // ---- strings --------------------------------------------------------------------------------

  /**
   * string.stp's substr: the bytes from {@code start} (0-based), at most {@code length} of them
   * ({@code length + 1} clamped to 0..MAXSTRINGLEN is the strlcpy size); "" when start is outside
   * the string.
   */
  private byte[] substr(byte[] s, long start, long length) {
    long size = Math.clamp(length + 1, 0, in.maxString + 1); // length + 1 wraps as in C
    if (start < 0 || start >= s.length || size <= 1) return Interpreter.EMPTY;
    int from = (int) start;
    int to = (int) Math.min(s.length, from + size - 1);
    return Arrays.copyOfRange(s, from, to);
  }

  private static int indexOf(byte[] s, byte[] sub, int from) {
    outer:
    for (int i = from; i <= s.length - sub.length; i++) {
      for (int j = 0; j < sub.length; j++) if (s[i + j] != sub[j]) continue outer;
      return i;
    }
    return -1;
  }

  private byte[] strReplace(byte[] s, byte[] search, byte[] replacement) {
    if (search.length == 0) return s;
    var out = new ByteArrayOutputStream();
    int from = 0;
    for (int at = indexOf(s, search, 0); at >= 0; at = indexOf(s, search, from)) {
      out.write(s, from, at - from);
      out.write(replacement, 0, replacement.length);
      from = at + search.length;
    }
    out.write(s, from, s.length - from);
    return in.clip(out.toByteArray());
  }

  /**
   * The kernel's simple_strtol (lib/vsprintf.c): an optional '-', a "0x" prefix with base 16 or
   * 0, base 0 guessing 8 or 16 from a leading 0, digits up to the first that is not one in the
   * base; no white space is skipped, overflow wraps.
   */
  static long strtol(byte[] s, long baseArg) {
    int base = (int) baseArg; // unsigned int in the kernel
    int i = 0;
    boolean negative = false;
    if (s.length > 0 && s[0] == '-') {
      negative = true;
      i = 1;
    }
    if (base == 0) {
      if (i < s.length && s[i] == '0') {
        base = i + 2 < s.length && (s[i + 1] | 0x20) == 'x' && isHexDigit(s[i + 2]) ? 16 : 8;
      } else {
        base = 10;
      }
    }
    if (base == 16 && i + 1 < s.length && s[i] == '0' && (s[i + 1] | 0x20) == 'x') i += 2;
    long result = 0;
    for (; i < s.length; i++) {
      int c = s[i] & 0xff;
      int digit;
      if (c >= '0' && c <= '9') digit = c - '0';
      else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') digit = (c | 0x20) - 'a' + 10;
      else break;
      if (Integer.compareUnsigned(digit, base) >= 0) break;
      result = result * Integer.toUnsignedLong(base) + digit;
    }
    return negative ? -result : result;
  }

  private static boolean isHexDigit(byte b) {
    return (b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'f');
  }

  /**
   * _stp_text_str (runtime/linux/string.c) unquoted: printable ASCII as is, C escapes for the
   * usual control characters, quote and backslash, well-formed UTF-8 as \\uXXXX or
   * \\UXXXXXXXX, any other byte as a three-digit octal escape; at most MAXSTRINGLEN - 1 bytes,
   * no escape cut in half.
   */
  static byte[] textStr(byte[] in, int maxString) {
    var out = new ByteArrayOutputStream();
    int inlen = Math.min(in.length, maxString);
    int outlen = maxString;
    int pos = 0;
    while (inlen > 0) {
      int n = 1;
      int c = in[pos] & 0xff;
      int[] decoded = decodeUtf8(in, pos, inlen);
      if (decoded != null) {
        n = decoded[0];
        c = decoded[1];
      }
      if (c == 0 || outlen <= 0) break;
      pos += n;
      inlen -= n;
      int num;
      if (n > 1) {
        num = c <= 0xffff ? 6 : 10;
        if (outlen < num) break;
        out.write('\\');
        out.write(c <= 0xffff ? 'u' : 'U');
        for (int i = num - 3; i >= 0; i--) out.write("0123456789abcdef".charAt((c >> (i * 4)) & 0xf));
      } else if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        num = 1;
        out.write(c);
      } else {
        char escape = switch (c) {
          case 0x07 -> 'a';
          case '\b' -> 'b';
          case '\f' -> 'f';
          case '\n' -> 'n';
          case '\r' -> 'r';
          case '\t' -> 't';
          case 0x0b -> 'v';
          case '"' -> '"';
          case '\\' -> '\\';
          default -> 0;
        };
        num = escape != 0 ? 2 : 4;
        if (outlen < num) break;
        out.write('\\');
        if (escape != 0) {
          out.write(escape);
        } else {
          out.write('0' + ((c >> 6) & 3));
          out.write('0' + ((c >> 3) & 7));
          out.write('0' + (c & 7));
        }
      }
      outlen -= num;
    }
    return out.toByteArray();
  }

  /**
   * _stp_decode_utf8: {length, code point} of a well-formed 2-4 byte sequence at {@code pos},
   * or null when the byte stands for itself (ASCII, stray bytes, overlong forms, surrogates,
   * values past U+10FFFF).
   */
  private static int[] decodeUtf8(byte[] in, int pos, int size) {
    int b = in[pos] & 0xff;
    int rest = size - 1;
    int n;
    int c;
    if ((b & 0xe0) == 0xc0 && rest >= 1) {
      n = 2;
      c = b & 0x1f;
    } else if ((b & 0xf0) == 0xe0 && rest >= 2) {
      n = 3;
      c = b & 0x0f;
    } else if ((b & 0xf8) == 0xf0 && rest >= 3) {
      n = 4;
      c = b & 0x07;
    } else {
      return null;
    }
    for (int i = 1; i < n; i++) {
      int b2 = in[pos + i] & 0xff;
      if ((b2 & 0xc0) != 0x80) return null;
      c = (c << 6) | (b2 & 0x3f);
    }
    if (c >= 0xd800 && c <= 0xdfff) return null;
    if (c > 0x10ffff) return null;
    if (c < 0x80 || (n == 3 && c < 0x800) || (n == 4 && c < 0x10000)) return null;
    return new int[] {n, c};
  }

  // ---- time -----------------------------------------------------------------------------------

  static byte[] ctime(long seconds, Call c) {
    if (seconds > Integer.MAX_VALUE) {
      throw new ScriptError("Time too far in the future to be converted",
          c == null ? null : SourceTokens.at(c.span()), true);
    }
    if (seconds < Integer.MIN_VALUE) {
      throw new ScriptError("Time too far in the past to be converted",
          c == null ? null : SourceTokens.at(c.span()), true);
    }
    return io.jstap.format.CalendarTime.ctime(seconds).getBytes(StandardCharsets.US_ASCII);
  }
}

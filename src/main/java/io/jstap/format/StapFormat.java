package io.jstap.format;

import io.jstap.format.FormatParse.Invalid;
import io.jstap.format.FormatParse.Parsed;
import io.jstap.format.FormatPiece.Conversion;
import io.jstap.format.FormatPiece.Literal;
import io.jstap.format.Operand.Role;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A SystemTap printf format, parsed once (at compile time) and then applied to many argument
 * lists: to ring-buffer records by {@link RecordFormatter}, to interpreter values by {@link
 * #printf} and {@link #sprintf}.
 *
 * <p>Parsing follows SystemTap's own parser (staptree.cxx, {@code string_to_components}): at most
 * one flag, then a width ({@code *} or digits), a precision ({@code .*} or {@code .digits}; a
 * {@code .} with neither is no precision), one optional {@code l}, and one of {@code d i u o x X
 * p c s m M b}. {@code %%} and a lone {@code %} at the very end print {@code %}. Rendering follows
 * the C that SystemTap's translator emits for compiled printfs (translate.cxx, {@code
 * emit_compiled_printfs}) over runtime/vsprintf.c, which differs from C's printf: see {@link
 * ConversionKind} and {@link Renderer}.
 */
public final class StapFormat {
  /** SystemTap refuses print calls with more arguments (translate.cxx, PR10750). */
  public static final int MAX_ARGUMENTS = 32;

  private static final String VALID = "%d %i %u %x %X %o %c %s %p %b %m %M %%";

  private final String text;
  private final List<FormatPiece> pieces;
  private final List<Conversion> conversions;
  private final List<Operand> operands;

  // The pieces compiled to arrays, for the renderer's loop.
  final int[] op; // Renderer.OP_*
  final byte[][] literal; // non-null for a literal piece
  final ConversionKind[] kind;
  final int[] flags;
  final int[] width; // >= 0 fixed, NONE, or FROM_ARGUMENT
  final int[] precision;
  final int[] widthOperand;
  final int[] precisionOperand;
  final int[] valueOperand;

  static final int NONE = -1;
  static final int FROM_ARGUMENT = -2;

  private StapFormat(String text, List<FormatPiece> pieces) {
    this.text = text;
    this.pieces = List.copyOf(pieces);
    var convs = new ArrayList<Conversion>();
    var ops = new ArrayList<Operand>();
    int n = pieces.size();
    op = new int[n];
    literal = new byte[n][];
    kind = new ConversionKind[n];
    flags = new int[n];
    width = new int[n];
    precision = new int[n];
    widthOperand = new int[n];
    precisionOperand = new int[n];
    valueOperand = new int[n];
    for (int i = 0; i < n; i++) {
      switch (pieces.get(i)) {
        case Literal l -> {
          op[i] = Renderer.OP_LITERAL;
          literal[i] = l.bytes();
        }
        case Conversion c -> {
          convs.add(c);
          kind[i] = c.kind();
          flags[i] = c.flagBits();
          width[i] = compile(c.width());
          precision[i] = compile(c.precision());
          widthOperand[i] = precisionOperand[i] = NONE;
          if (c.width() instanceof FieldSize.FromArgument) {
            widthOperand[i] = ops.size();
            ops.add(new Operand(ops.size(), Role.WIDTH, c));
          }
          if (c.precision() instanceof FieldSize.FromArgument) {
            precisionOperand[i] = ops.size();
            ops.add(new Operand(ops.size(), Role.PRECISION, c));
          }
          valueOperand[i] = ops.size();
          ops.add(new Operand(ops.size(), Role.VALUE, c));
          op[i] = Renderer.opcode(kind[i], flags[i], width[i], precision[i]);
        }
      }
    }
    this.conversions = List.copyOf(convs);
    this.operands = List.copyOf(ops);
  }

  private static int compile(FieldSize size) {
    return switch (size) {
      case FieldSize.Unspecified u -> NONE;
      case FieldSize.Fixed f -> f.value();
      case FieldSize.FromArgument a -> FROM_ARGUMENT;
    };
  }

  /**
   * Parses a format given as the string literal's characters; error offsets are char indices.
   * Characters are encoded as UTF-8 (a literal holding other bytes should use {@link
   * #parse(byte[])}).
   */
  public static FormatParse parse(String format) {
    byte[] bytes = format.getBytes(StandardCharsets.UTF_8);
    return switch (parse(bytes, format)) {
      case Parsed p -> p;
      case Invalid(FormatError e) -> {
        int from = charIndex(format, e.offset());
        int to = charIndex(format, e.offset() + e.length());
        yield new Invalid(new FormatError(from, Math.max(1, to - from), e.message()));
      }
    };
  }

  /** Parses a format given as the string literal's bytes; error offsets are byte indices. */
  public static FormatParse parse(byte[] format) {
    return parse(format, new String(format, StandardCharsets.ISO_8859_1));
  }

  private static int charIndex(String s, int byteOffset) {
    int bytes = 0;
    for (int i = 0; i < s.length(); ) {
      if (bytes >= byteOffset) return i;
      int cp = s.codePointAt(i);
      bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      i += Character.charCount(cp);
    }
    return s.length();
  }

  private static FormatParse parse(byte[] f, String text) {
    var pieces = new ArrayList<FormatPiece>();
    var lit = new ByteArrayOutputStream();
    int n = f.length;
    int i = 0;
    while (i < n) {
      int b = f[i] & 0xff;
      if (b != '%') {
        lit.write(b);
        i++;
        continue;
      }
      if (i + 1 == n || f[i + 1] == '%') {
        lit.write('%');
        i += 2;
        continue;
      }
      flushLiteral(lit, pieces);
      int start = i++;
      Set<Flag> flagSet = EnumSet.noneOf(Flag.class);
      Flag flag = Flag.of(f[i]);
      if (flag != null) {
        flagSet.add(flag);
        i++;
      }
      FieldSize w = FieldSize.UNSPECIFIED;
      FieldSize p = FieldSize.UNSPECIFIED;
      if (i < n && f[i] == '*') {
        w = FieldSize.FROM_ARGUMENT;
        i++;
      } else if (i < n && isDigit(f[i])) {
        int v = 0; // wraps as SystemTap's unsigned accumulator does
        while (i < n && isDigit(f[i])) v = v * 10 + (f[i++] - '0');
        w = new FieldSize.Fixed(v);
      }
      if (i < n && f[i] == '.') {
        i++;
        if (i < n && f[i] == '*') {
          p = FieldSize.FROM_ARGUMENT;
          i++;
        } else if (i < n && isDigit(f[i])) {
          int v = 0;
          while (i < n && isDigit(f[i])) v = v * 10 + (f[i++] - '0');
          p = new FieldSize.Fixed(v);
        }
      }
      if (i < n && f[i] == 'l') i++;
      if (i == n) {
        if (!flagSet.isEmpty()
            || !(w instanceof FieldSize.Unspecified)
            || !(p instanceof FieldSize.Unspecified)) {
          return invalid(
              start,
              n - start,
              "incomplete conversion '"
                  + show(f, start, n)
                  + "' at the end of the format: add a conversion such as d or s, or write"
                  + " %% for a literal %");
        }
        // SystemTap drops a bare "%.", "%l" or "%.l" at the very end without a word.
        break;
      }
      ConversionKind kind = kindOf(f[i]);
      if (kind == null) {
        return invalid(start, i + 1 - start, unknownConversion(f, start, i, flagSet));
      }
      i++;
      pieces.add(
          new Conversion(
              start, i - start, show(f, start, i), kind, flagSet, w, p));
    }
    flushLiteral(lit, pieces);
    return new Parsed(new StapFormat(text, pieces));
  }

  private static void flushLiteral(ByteArrayOutputStream lit, List<FormatPiece> pieces) {
    if (lit.size() == 0) return;
    byte[] bytes = lit.toByteArray();
    lit.reset();
    // Compiled printfs copy literals as C strings: nothing after a NUL is printed.
    int nul = indexOfNul(bytes, bytes.length);
    if (nul == 0) return;
    pieces.add(new Literal(nul < 0 ? bytes : Arrays.copyOf(bytes, nul)));
  }

  static int indexOfNul(byte[] b, int len) {
    for (int i = 0; i < len; i++) if (b[i] == 0) return i;
    return -1;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private static ConversionKind kindOf(byte c) {
    return switch (c) {
      case 'd', 'i' -> ConversionKind.SIGNED_DECIMAL;
      case 'u' -> ConversionKind.UNSIGNED_DECIMAL;
      case 'o' -> ConversionKind.OCTAL;
      case 'x' -> ConversionKind.HEX;
      case 'X' -> ConversionKind.HEX_UPPER;
      case 'p' -> ConversionKind.POINTER;
      case 'c' -> ConversionKind.CHAR;
      case 's' -> ConversionKind.STRING;
      case 'm' -> ConversionKind.MEMORY;
      case 'M' -> ConversionKind.MEMORY_HEX;
      case 'b' -> ConversionKind.BINARY;
      default -> null;
    };
  }

  private static String unknownConversion(byte[] f, int start, int at, Set<Flag> flags) {
    String conv = "'" + show(f, start, at + 1) + "'";
    byte c = f[at];
    if (Flag.of(c) != null) {
      if (!flags.isEmpty() && at == start + 2) {
        return "too many flags in "
            + conv
            + ": SystemTap takes at most one of - + space # 0 per conversion";
      }
      return "flag '" + (char) c + "' in " + conv + " is misplaced: a flag goes right after the %";
    }
    if (c == 'l') {
      return conv
          + ": only one 'l' is accepted (every value is 64-bit anyway); write %d or %ld";
    }
    if (c == 'h' || c == 'L' || c == 'j' || c == 'z' || c == 't') {
      return "length modifier '"
          + (char) c
          + "' in "
          + conv
          + " is not supported: every value is 64-bit; leave it out";
    }
    if ("eEfFgGaA".indexOf(c) >= 0) {
      return "floating-point conversion "
          + conv
          + " is not supported: SystemTap has no floating-point values";
    }
    if (c == 'n') return conv + " is not supported";
    return "unknown conversion " + conv + "; valid conversions are " + VALID;
  }

  /** The format's bytes from..to as text for a message, non-printable bytes as \xNN. */
  private static String show(byte[] f, int from, int to) {
    var sb = new StringBuilder();
    for (int i = from; i < to; i++) {
      int b = f[i] & 0xff;
      if (b >= 0x20 && b < 0x7f) sb.append((char) b);
      else sb.append(String.format("\\x%02x", b));
    }
    return sb.toString();
  }

  private static Invalid invalid(int offset, int length, String message) {
    return new Invalid(new FormatError(offset, Math.max(1, length), message));
  }

  /**
   * The format SystemTap synthesizes for print, println, printd, printdln, sprint and sprintd
   * (translate.cxx, {@code preprocess_print_format}): {@code %d} per long and {@code %s} per
   * string, the delimiter between them, and a newline at the end for the -ln forms.
   *
   * @param delimiter printd's first argument, or null for print/println
   */
  public static StapFormat forPrint(List<ScriptType> arguments, byte[] delimiter, boolean newline) {
    var pieces = new ArrayList<FormatPiece>();
    var text = new StringBuilder();
    byte[] delim = null;
    if (delimiter != null) {
      int nul = indexOfNul(delimiter, delimiter.length);
      delim = nul < 0 ? delimiter.clone() : Arrays.copyOf(delimiter, nul);
    }
    int offset = 0;
    for (int i = 0; i < arguments.size(); i++) {
      if (i > 0 && delim != null && delim.length > 0) {
        pieces.add(new Literal(delim));
        String d = new String(delim, StandardCharsets.ISO_8859_1).replace("%", "%%");
        text.append(d);
        offset += d.length();
      }
      boolean isLong = arguments.get(i) == ScriptType.LONG;
      String spec = isLong ? "%d" : "%s";
      pieces.add(
          new Conversion(
              offset,
              2,
              spec,
              isLong ? ConversionKind.SIGNED_DECIMAL : ConversionKind.STRING,
              Set.of(),
              FieldSize.UNSPECIFIED,
              FieldSize.UNSPECIFIED));
      text.append(spec);
      offset += 2;
    }
    if (newline) {
      pieces.add(new Literal(new byte[] {'\n'}));
      text.append("\\n");
    }
    return new StapFormat(text.toString(), pieces);
  }

  /** The format as given to parse (or as synthesized by forPrint). */
  public String text() {
    return text;
  }

  public List<FormatPiece> pieces() {
    return pieces;
  }

  public List<Conversion> conversions() {
    return conversions;
  }

  /** The arguments the format consumes, in order, with the type each must have. */
  public List<Operand> operands() {
    return operands;
  }

  /** The script types of {@link #operands()}, in order. */
  public List<ScriptType> argumentTypes() {
    return operands.stream().map(Operand::type).toList();
  }

  /**
   * Checks an argument list against the format: count and types. Returns every problem found
   * (empty when the call is fine).
   */
  public List<ArgumentProblem> checkArguments(List<ScriptType> given) {
    var problems = new ArrayList<ArgumentProblem>();
    if (given.size() > MAX_ARGUMENTS) {
      problems.add(
          new ArgumentProblem(
              MAX_ARGUMENTS,
              -1,
              0,
              "too many arguments to print ("
                  + given.size()
                  + "): SystemTap takes at most "
                  + MAX_ARGUMENTS));
    }
    for (Operand op : operands) {
      Conversion c = op.conversion();
      if (op.index() >= given.size()) {
        problems.add(
            new ArgumentProblem(
                op.index(),
                c.offset(),
                c.length(),
                "missing argument for "
                    + describe(op)
                    + ": the format takes "
                    + plural(operands.size(), "argument")
                    + ", "
                    + given.size()
                    + " given"));
        break;
      }
      ScriptType t = given.get(op.index());
      if (t != op.type()) {
        problems.add(
            new ArgumentProblem(
                op.index(),
                c.offset(),
                c.length(),
                describe(op)
                    + " takes a "
                    + op.type().word()
                    + ", but argument "
                    + (op.index() + 1)
                    + " is a "
                    + t.word()));
      }
    }
    if (given.size() > operands.size()) {
      problems.add(
          new ArgumentProblem(
              operands.size(),
              -1,
              0,
              "too many arguments: the format takes "
                  + plural(operands.size(), "argument")
                  + ", "
                  + given.size()
                  + " given"));
    }
    return problems;
  }

  private static String describe(Operand op) {
    String conv = "'" + op.conversion().text() + "'";
    return switch (op.role()) {
      case WIDTH -> "the * width of " + conv;
      case PRECISION -> "the * precision of " + conv;
      case VALUE -> conv;
    };
  }

  private static String plural(int n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }

  /**
   * Formats interpreter values (printf in a user-space handler) into {@code out}, cut at {@code
   * limits.printBufferSize()} bytes as SystemTap cuts one printf.
   */
  public void printf(ValueArguments arguments, FormatLimits limits, OutputBuffer out) {
    checkShape(arguments);
    int start = out.reserve(limits.printBufferSize());
    int end = start + limits.printBufferSize();
    out.commit(new Renderer().render(this, arguments, out.array(), start, end));
  }

  /**
   * sprintf: the formatted bytes, cut to {@code maxStringLength - 1} bytes and at the first NUL
   * (a string's end), as SystemTap's string results are.
   */
  public byte[] sprintf(ValueArguments arguments, FormatLimits limits) {
    checkShape(arguments);
    byte[] buf = new byte[limits.maxStringLength()];
    int pos = new Renderer().render(this, arguments, buf, 0, buf.length);
    return Renderer.asString(buf, pos);
  }

  private void checkShape(ValueArguments arguments) {
    if (arguments.size() < operands.size()) {
      throw new IllegalArgumentException(
          "format \"" + text + "\" takes " + operands.size() + " arguments, got " + arguments.size());
    }
  }

  @Override
  public String toString() {
    return "StapFormat[" + text + "]";
  }
}

package io.jstap.format;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Renders a {@link StapFormat} into a byte array, byte for byte as SystemTap's compiled printfs
 * do (translate.cxx, {@code emit_compiled_printfs}, calling number(), _stp_vsprint_char(),
 * _stp_vsprint_memory() and _stp_vsprint_binary() of runtime/vsprintf.c).
 *
 * <p>Output goes into {@code buf[pos, end)}; what does not fit is dropped, as the C code drops
 * what lies past {@code end}. Widths and precisions are clamped to the room left, as the
 * translator's {@code clamp_t(int, w, 0, end - str + 1)} does, which decides the bytes of a cut
 * conversion. Where SystemTap differs from C's printf:
 *
 * <ul>
 *   <li>a {@code *} width or precision that is negative becomes 0 (C: left-justify / none);
 *   <li>{@code 0} pads after the sign even with a precision (C ignores {@code 0} then);
 *   <li>precision 0 still prints "0" for zero (C prints nothing);
 *   <li>{@code %#x}, {@code %#o} and {@code %p} of zero print "0x0" and "00";
 *   <li>{@code %0s} appends a NUL byte after the (space-padded) string;
 *   <li>{@code %c} takes the low byte; {@code %#c} escapes it C-style.
 * </ul>
 *
 * <p>One instance per thread: it keeps a scratch array.
 */
final class Renderer {
  // print_flag bits, runtime/vsprintf.h (staptree.h's format_flag mirrors them).
  static final int ZEROPAD = 1;
  static final int SIGN = 2;
  static final int PLUS = 4;
  static final int SPACE = 8;
  static final int LEFT = 16;
  static final int SPECIAL = 32;
  static final int LARGE = 64;

  /** _stp_vsprint_memory's strnlen bound when %s has no precision (STP_BUFFER_SIZE). */
  static final int STRING_BOUND = 8192;

  private static final byte[] SMALL = "0123456789abcdef".getBytes();
  private static final byte[] LARGE_DIGITS = "0123456789ABCDEF".getBytes();
  private static final boolean LITTLE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

  // What render() does with a piece: the common plain %d and %s have short paths.
  static final int OP_LITERAL = 0;
  static final int OP_GENERAL = 1;
  static final int OP_DECIMAL = 2; // %d, %i: no flag, width or precision
  static final int OP_STRING = 3; // %s: no flag, width or precision

  static int opcode(ConversionKind kind, int flags, int width, int precision) {
    boolean plain = width == StapFormat.NONE && precision == StapFormat.NONE;
    if (plain && kind == ConversionKind.SIGNED_DECIMAL && flags == SIGN) return OP_DECIMAL;
    if (plain && kind == ConversionKind.STRING && flags == 0) return OP_STRING;
    return OP_GENERAL;
  }

  /** Longest plain %d: a sign and 19 digits. */
  private static final int DECIMAL_MAX = 20;

  private static final byte[] TENS = new byte[100];
  private static final byte[] ONES = new byte[100];

  static {
    for (int i = 0; i < 100; i++) {
      TENS[i] = (byte) ('0' + i / 10);
      ONES[i] = (byte) ('0' + i % 10);
    }
  }

  private final byte[] digits = new byte[24];
  private byte[] memory = new byte[64];

  int render(StapFormat f, ArgumentSource args, byte[] buf, int pos, int end) {
    final int[] op = f.op;
    final byte[][] literal = f.literal;
    final int[] valueOperand = f.valueOperand;
    final int n = op.length;
    for (int i = 0; i < n; i++) {
      switch (op[i]) {
        case OP_LITERAL -> {
          byte[] lit = literal[i];
          int len = Math.min(lit.length, end - pos);
          if (len <= 8) { // arraycopy costs more than it saves on the short literals of formats
            for (int k = 0; k < len; k++) buf[pos + k] = lit[k];
          } else {
            System.arraycopy(lit, 0, buf, pos, len);
          }
          pos += len;
        }
        case OP_DECIMAL -> {
          long v = args.longValue(valueOperand[i]);
          pos =
              end - pos >= DECIMAL_MAX
                  ? decimal(buf, pos, v)
                  : number(buf, pos, end, v, 10, -1, -1, SIGN);
        }
        case OP_STRING ->
            pos += args.copyString(valueOperand[i], buf, pos, Math.min(STRING_BOUND, end - pos));
        default -> pos = conversion(f, i, args, buf, pos, end);
      }
    }
    return pos;
  }

  /** Plain %d with room for any value: the digits straight into buf, two at a time. */
  private static int decimal(byte[] buf, int pos, long v) {
    if (v < 0) {
      buf[pos++] = '-';
      if (v == Long.MIN_VALUE) {
        System.arraycopy(MIN_DIGITS, 0, buf, pos, MIN_DIGITS.length);
        return pos + MIN_DIGITS.length;
      }
      v = -v;
    }
    // Digits from the bit length: log10(2) ~ 1233 / 4096, corrected by one comparison.
    int guess = ((64 - Long.numberOfLeadingZeros(v | 1)) * 1233) >>> 12;
    int count = Math.max(1, guess + (v >= POW10[guess] ? 1 : 0));
    int p = pos + count;
    while (v > Integer.MAX_VALUE) {
      long q = v / 100;
      int r = (int) (v - q * 100);
      buf[--p] = ONES[r];
      buf[--p] = TENS[r];
      v = q;
    }
    int iv = (int) v; // int division is cheaper for the usual small values
    while (iv >= 100) {
      int q = iv / 100;
      int r = iv - q * 100;
      buf[--p] = ONES[r];
      buf[--p] = TENS[r];
      iv = q;
    }
    if (iv >= 10) {
      buf[--p] = ONES[iv];
      buf[--p] = TENS[iv];
    } else {
      buf[--p] = (byte) ('0' + iv);
    }
    return pos + count;
  }

  private static final long[] POW10 = new long[19];

  static {
    long t = 1;
    for (int i = 0; i < POW10.length; i++, t *= 10) POW10[i] = t;
  }

  private static final byte[] MIN_DIGITS = "9223372036854775808".getBytes();

  /** Any conversion, with its width, precision and flags. */
  private int conversion(StapFormat f, int i, ArgumentSource args, byte[] buf, int pos, int end) {
    int room = end - pos;
    int width = f.width[i];
    if (width == StapFormat.FROM_ARGUMENT) {
      width = clamp((int) args.longValue(f.widthOperand[i]), room);
    } else if (width != StapFormat.NONE) {
      width = clamp(width, room);
    }
    int precision = f.precision[i];
    if (precision == StapFormat.FROM_ARGUMENT) {
      precision = clamp((int) args.longValue(f.precisionOperand[i]), room);
    } else if (precision != StapFormat.NONE) {
      precision = clamp(precision, room);
    }
    int flags = f.flags[i];
    int v = f.valueOperand[i];
    return switch (f.kind[i]) {
      case SIGNED_DECIMAL, UNSIGNED_DECIMAL ->
          number(buf, pos, end, args.longValue(v), 10, width, precision, flags);
      case OCTAL -> number(buf, pos, end, args.longValue(v), 8, width, precision, flags);
      case HEX, HEX_UPPER, POINTER ->
          number(buf, pos, end, args.longValue(v), 16, width, precision, flags);
      case CHAR -> character(buf, pos, end, (int) args.longValue(v) & 0xff, width, flags);
      case STRING -> string(buf, pos, end, args, v, width, precision, flags);
      case MEMORY, MEMORY_HEX -> memory(buf, pos, end, args, v, width, precision, flags, f.kind[i]);
      case BINARY -> binary(buf, pos, end, args.longValue(v), width, precision, flags);
    };
  }

  /** clamp_t(int, v, 0, room); room is never negative here. */
  private static int clamp(int v, int room) {
    return v < 0 ? 0 : Math.min(v, room);
  }

  private static int fill(byte[] buf, int pos, int end, byte b, int count) {
    if (count <= 0) return pos;
    int to = Math.min(end, pos + count);
    Arrays.fill(buf, pos, to, b);
    return to;
  }

  /** number() of runtime/vsprintf.c; size is the width, -1 when none. */
  int number(byte[] buf, int pos, int end, long num, int base, int size, int precision, int type) {
    if ((type & LEFT) != 0) type &= ~ZEROPAD;
    byte pad = (type & ZEROPAD) != 0 ? (byte) '0' : (byte) ' ';
    byte sign = 0;
    if ((type & SIGN) != 0) {
      if (num < 0) {
        sign = '-';
        num = -num; // Long.MIN_VALUE stays, and prints as 2^63 below
        size--;
      } else if ((type & PLUS) != 0) {
        sign = '+';
        size--;
      } else if ((type & SPACE) != 0) {
        sign = ' ';
        size--;
      }
    }
    boolean special = (type & SPECIAL) != 0;
    if (special) {
      if (base == 16) size -= 2;
      else if (base == 8) size--;
    }
    byte[] d = digits;
    int p = d.length;
    byte[] table = (type & LARGE) != 0 ? LARGE_DIGITS : SMALL;
    if (base == 10) {
      if (num < 0) { // unsigned above Long.MAX_VALUE
        long q = (num >>> 1) / 5;
        d[--p] = (byte) ('0' + (num - q * 10));
        num = q;
      }
      do {
        long q = num / 10;
        d[--p] = (byte) ('0' + (num - q * 10));
        num = q;
      } while (num != 0);
    } else {
      int shift = base == 16 ? 4 : 3;
      int mask = base - 1;
      do {
        d[--p] = table[(int) num & mask];
        num >>>= shift;
      } while (num != 0);
    }
    int count = d.length - p;
    if (count > precision) precision = count;
    size -= precision;
    if ((type & (ZEROPAD | LEFT)) == 0) {
      pos = fill(buf, pos, end, (byte) ' ', size);
      size = -1;
    }
    if (sign != 0 && pos < end) buf[pos++] = sign;
    if (special) {
      if (base == 8) {
        if (pos < end) buf[pos++] = '0';
      } else if (base == 16) {
        if (pos < end) buf[pos++] = '0';
        if (pos < end) buf[pos++] = (type & LARGE) != 0 ? (byte) 'X' : (byte) 'x';
      }
    }
    if ((type & LEFT) == 0) {
      pos = fill(buf, pos, end, pad, size);
      size = -1;
    }
    pos = fill(buf, pos, end, (byte) '0', precision - count);
    int len = Math.min(count, end - pos);
    System.arraycopy(d, p, buf, pos, len);
    pos += len;
    return fill(buf, pos, end, (byte) ' ', size);
  }

  /** _stp_vsprint_char() and _stp_vsprint_char_size() of runtime/vsprintf.c. */
  static int character(byte[] buf, int pos, int end, int c, int width, int flags) {
    int size = 1;
    byte escape = 0;
    if ((flags & SPECIAL) != 0 && (c < 0x20 || c > 0x7e || c == '\'' || c == '\\')) {
      escape =
          switch (c) {
            case 7 -> 'a';
            case '\b' -> 'b';
            case '\f' -> 'f';
            case '\n' -> 'n';
            case '\r' -> 'r';
            case '\t' -> 't';
            case 11 -> 'v';
            case '\'' -> '\'';
            case '\\' -> '\\';
            default -> 0;
          };
      size = escape != 0 ? 2 : 4;
    }
    if ((flags & LEFT) == 0) {
      pos = fill(buf, pos, end, (byte) ' ', width - size);
      width = size;
    }
    if (size == 1) {
      if (pos < end) buf[pos++] = (byte) c;
    } else {
      if (pos < end) buf[pos++] = '\\';
      if (escape != 0) {
        if (pos < end) buf[pos++] = escape;
      } else {
        if (pos < end) buf[pos++] = (byte) ('0' + ((c >> 6) & 3));
        if (pos < end) buf[pos++] = (byte) ('0' + ((c >> 3) & 7));
        if (pos < end) buf[pos++] = (byte) ('0' + (c & 7));
      }
    }
    return fill(buf, pos, end, (byte) ' ', width - size);
  }

  /** _stp_vsprint_memory() of runtime/vsprintf.c for {@code %s}. */
  static int string(
      byte[] buf,
      int pos,
      int end,
      ArgumentSource args,
      int operand,
      int width,
      int precision,
      int flags) {
    int bound = precision < 0 ? STRING_BOUND : precision;
    int room = end - pos;
    // Copy first, then measure: the bytes land where an unpadded string goes.
    int len = args.copyString(operand, buf, pos, Math.min(bound, room));
    if ((flags & LEFT) == 0 && len < width) {
      int pad = width - len; // width <= room, so the string still fits after the pad
      System.arraycopy(buf, pos, buf, pos + pad, len);
      Arrays.fill(buf, pos, pos + pad, (byte) ' ');
      pos += width;
    } else {
      pos += len;
      if ((flags & LEFT) != 0) pos = fill(buf, pos, end, (byte) ' ', width - len);
    }
    if ((flags & ZEROPAD) != 0 && pos < end) buf[pos++] = 0;
    return pos;
  }

  /** _stp_vsprint_memory() of runtime/vsprintf.c for {@code %m} and {@code %M}. */
  int memory(
      byte[] buf,
      int pos,
      int end,
      ArgumentSource args,
      int operand,
      int width,
      int precision,
      int flags,
      ConversionKind kind) {
    int len = precision > 0 ? precision : 1;
    boolean hex = kind == ConversionKind.MEMORY_HEX;
    int actual = hex ? len * 2 : len;
    if ((flags & LEFT) == 0) {
      pos = fill(buf, pos, end, (byte) ' ', width - actual);
      width = actual;
    }
    if (memory.length < len) memory = new byte[Math.max(len, memory.length * 2)];
    int have = args.copyMemory(operand, memory, len);
    if (hex) {
      for (int i = 0; i < have && pos + 2 <= end; i++) {
        int b = memory[i] & 0xff;
        buf[pos++] = SMALL[b >>> 4];
        buf[pos++] = SMALL[b & 15];
      }
    } else {
      int n = Math.min(have, end - pos);
      System.arraycopy(memory, 0, buf, pos, n);
      pos += n;
    }
    pos = fill(buf, pos, end, (byte) ' ', width - actual);
    if ((flags & ZEROPAD) != 0 && pos < end) buf[pos++] = 0;
    return pos;
  }

  /** check_binary_precision() of runtime/vsprintf.c. */
  private static int binaryPrecision(int p) {
    return p == 1 || p == 2 || p == 4 || p == 8 ? p : -1;
  }

  /** _stp_vsprint_binary() of runtime/vsprintf.c. */
  static int binary(byte[] buf, int pos, int end, long num, int width, int precision, int flags) {
    precision = binaryPrecision(precision);
    if (width == -1) {
      if (precision == -1) {
        width = 8;
        precision = 8;
      } else {
        width = precision;
      }
    } else if (precision == -1) {
      precision = binaryPrecision(width);
      if (precision == -1) precision = 8;
    }
    if ((flags & LEFT) == 0) {
      pos = fill(buf, pos, end, (byte) 0, width - precision);
      width = precision;
    }
    if (pos + precision <= end) {
      for (int k = 0; k < precision; k++) {
        int shift = LITTLE ? 8 * k : 8 * (precision - 1 - k);
        buf[pos++] = (byte) (num >>> shift);
      }
    }
    return fill(buf, pos, end, (byte) 0, width - precision);
  }

  /**
   * A sprintf result from {@code buf[0, pos)} with {@code buf.length == MAXSTRINGLEN}: the C code
   * puts a NUL at the end or on the last byte, and the string ends at the first NUL.
   */
  static byte[] asString(byte[] buf, int pos) {
    int len = Math.min(pos, buf.length - 1);
    int nul = StapFormat.indexOfNul(buf, len);
    return Arrays.copyOf(buf, nul < 0 ? len : nul);
  }
}

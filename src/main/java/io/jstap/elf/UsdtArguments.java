package io.jstap.elf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the argument string of a USDT note: operands separated by spaces, each
 * {@code [-]SIZE@OPERAND} in AT&T syntax as gcc wrote it for the {@code "nor"} asm constraint
 * of sys/sdt.h: {@code -4@%edi 8@-16(%rbp) -8@$5 4@counter(%rip) 8@8(%rax,%rdx,4)}.
 */
public final class UsdtArguments {
  private static final Pattern SIZED = Pattern.compile("(-?)(1|2|4|8)@(.+)");
  private static final Pattern SYMBOL_PLUS =
      Pattern.compile("([A-Za-z_.$][A-Za-z0-9_.$@]*)(?:([+-])(0x[0-9a-fA-F]+|[0-9]+))?");

  /** {@code 4+table}: gas writes a displacement before the symbol too. */
  private static final Pattern PLUS_SYMBOL =
      Pattern.compile("(-?(?:0x[0-9a-fA-F]+|[0-9]+))\\+([A-Za-z_.$][A-Za-z0-9_.$@]*)");

  private UsdtArguments() {}

  /**
   * The arguments in order.
   *
   * @throws IllegalArgumentException naming the argument, when one is not an operand at all
   */
  public static List<UsdtArgument> parse(String text) {
    var args = new ArrayList<UsdtArgument>();
    for (String arg : text.strip().split("\\s+")) {
      if (!arg.isEmpty()) {
        args.add(argument(arg));
      }
    }
    return List.copyOf(args);
  }

  /**
   * The arguments in order, as {@link #parse} reads them, except that an argument that is no
   * operand becomes {@link UsdtOperand.Unsupported} with the reason: one odd argument leaves
   * the note's other arguments, and the program's other notes, usable.
   */
  public static List<UsdtArgument> parseEach(String text) {
    var args = new ArrayList<UsdtArgument>();
    for (String arg : text.strip().split("\\s+")) {
      if (arg.isEmpty()) {
        continue;
      }
      try {
        args.add(argument(arg));
      } catch (IllegalArgumentException e) {
        Matcher m = SIZED.matcher(arg);
        int size = m.matches() ? Integer.parseInt(m.group(2)) : 8;
        args.add(new UsdtArgument(size, true, new UsdtOperand.Unsupported(e.getMessage()), arg));
      }
    }
    return List.copyOf(args);
  }

  private static UsdtArgument argument(String text) {
    Matcher m = SIZED.matcher(text);
    int size;
    boolean signed;
    String operand;
    if (m.matches()) {
      signed = !m.group(1).isEmpty();
      size = Integer.parseInt(m.group(2));
      operand = m.group(3);
    } else if (text.contains("@")) {
      throw new IllegalArgumentException("USDT argument '" + text
          + "' has a size other than 1, 2, 4 or 8");
    } else {
      // Notes older than sys/sdt.h version 3 gave no size: SystemTap reads a long then.
      signed = true;
      size = 8;
      operand = text;
    }
    return new UsdtArgument(size, signed, operand(operand, text), text);
  }

  private static UsdtOperand operand(String s, String whole) {
    if (s.startsWith("%")) {
      return X86Register.part(s.substring(1))
          .<UsdtOperand>map(UsdtOperand.Register::new)
          .orElseGet(() -> new UsdtOperand.Unsupported("register " + s
              + " is not a general-purpose register"));
    }
    if (s.startsWith("$")) {
      Optional<Long> value = number(s.substring(1));
      if (value.isPresent()) {
        return new UsdtOperand.Constant(value.get());
      }
      return new UsdtOperand.Unsupported("the constant " + s + " is an address jstap cannot"
          + " compute");
    }
    int open = s.indexOf('(');
    String disp = open < 0 ? s : s.substring(0, open);
    Optional<String> symbol = Optional.empty();
    long displacement = 0;
    if (!disp.isEmpty()) {
      Optional<Long> n = number(disp);
      if (n.isPresent()) {
        displacement = n.get();
      } else {
        Matcher sm = SYMBOL_PLUS.matcher(disp);
        Matcher pm = PLUS_SYMBOL.matcher(disp);
        if (sm.matches()) {
          symbol = Optional.of(sm.group(1));
          if (sm.group(2) != null) {
            long v = number(sm.group(3)).orElseThrow();
            displacement = sm.group(2).equals("-") ? -v : v;
          }
        } else if (pm.matches()) {
          displacement = number(pm.group(1)).orElseThrow();
          symbol = Optional.of(pm.group(2));
        } else {
          throw new IllegalArgumentException("USDT argument '" + whole
              + "' is not an assembler operand");
        }
      }
    }
    Optional<X86Register> base = Optional.empty();
    Optional<X86Register> index = Optional.empty();
    int scale = 1;
    if (open >= 0) {
      if (!s.endsWith(")")) {
        throw new IllegalArgumentException("USDT argument '" + whole + "' lacks a ')'");
      }
      String[] parts = s.substring(open + 1, s.length() - 1).split(",", -1);
      if (parts.length > 3) {
        throw new IllegalArgumentException("USDT argument '" + whole
            + "' has too many parts in its memory operand");
      }
      if (!parts[0].isBlank()) {
        Optional<X86Register> r = register(parts[0].strip());
        if (r.isEmpty()) {
          return new UsdtOperand.Unsupported("the base register " + parts[0].strip()
              + " is not a general-purpose register");
        }
        base = r;
      }
      if (parts.length > 1 && !parts[1].isBlank()) {
        Optional<X86Register> r = register(parts[1].strip());
        if (r.isEmpty()) {
          return new UsdtOperand.Unsupported("the index register " + parts[1].strip()
              + " is not a general-purpose register");
        }
        index = r;
      }
      if (parts.length > 2 && !parts[2].isBlank()) {
        scale = number(parts[2].strip()).filter(v -> v == 1 || v == 2 || v == 4 || v == 8)
            .orElseThrow(() -> new IllegalArgumentException("USDT argument '" + whole
                + "' has a scale other than 1, 2, 4 or 8")).intValue();
      }
    } else if (symbol.isEmpty()) {
      throw new IllegalArgumentException("USDT argument '" + whole
          + "' is neither a register, a constant nor a memory operand");
    }
    return new UsdtOperand.Memory(symbol, displacement, base, index, scale);
  }

  private static Optional<X86Register> register(String s) {
    if (!s.startsWith("%")) {
      return Optional.empty();
    }
    return X86Register.part(s.substring(1)).map(X86Register.Part::register);
  }

  private static Optional<Long> number(String s) {
    boolean negative = s.startsWith("-");
    String digits = negative || s.startsWith("+") ? s.substring(1) : s;
    try {
      long v;
      if (digits.startsWith("0x") || digits.startsWith("0X")) {
        v = Long.parseUnsignedLong(digits.substring(2), 16);
      } else if (!digits.isEmpty() && Character.isDigit(digits.charAt(0))) {
        v = Long.parseLong(digits);
      } else {
        return Optional.empty();
      }
      return Optional.of(negative ? -v : v);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}

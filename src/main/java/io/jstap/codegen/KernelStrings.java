package io.jstap.codegen;

import io.jstap.bpf.Alu;
import io.jstap.bpf.Assembler;
import io.jstap.bpf.Call;
import io.jstap.bpf.Helpers;
import io.jstap.bpf.Jump;
import io.jstap.bpf.Label;
import io.jstap.bpf.Load;
import io.jstap.bpf.Reg;
import io.jstap.bpf.Size;
import io.jstap.bpf.Store;
import io.jstap.bpf.StoreImm;
import io.jstap.lang.Diagnostic;
import io.jstap.lang.ast.Expr;
import io.jstap.lang.ast.StringLit;
import java.util.List;

/**
 * SystemTap's string functions in kernel-context probes: each copies its string into scratch
 * memory (MAXSTRINGLEN bytes) and works on the copy with loops bounded by MAXSTRINGLEN, which
 * the verifier can follow. Results are left in r0 as {@link HandlerCompiler} expects: a long,
 * or the address of a string.
 */
final class KernelStrings {
  private static final Reg SCRATCH = HandlerCompiler.SCRATCH;

  private final HandlerCompiler c;
  private final Assembler asm;
  private final int maxLen;

  KernelStrings(HandlerCompiler c) {
    this.c = c;
    this.asm = c.assembler();
    this.maxLen = c.maxStringLen();
  }

  /** Copies a string expression into new scratch memory; r0 = its length, without the NUL. */
  private int copy(Expr e) {
    int buf = c.scratch(maxLen);
    c.stringExpr(e);
    c.copyStringTo(buf, Reg.R0);
    // r0 = bytes copied with the NUL, or a negative error (an empty string then)
    Label ok = new Label("copied_len_ok");
    c.emit(Jump.ifSignedGreater(Reg.R0, 0, ok), Alu.mov(Reg.R0, 1));
    asm.bind(ok);
    c.emit(Alu.sub(Reg.R0, 1));
    return buf;
  }

  /** {@code strlen(str)}: r0 = its length in bytes. */
  void strlen(Expr e) {
    copy(e);
  }

  private int saveR0() {
    int slot = c.stackSlot();
    c.emit(Store.of(Size.DW, Reg.R10, slot, Reg.R0));
    return slot;
  }

  /**
   * r0 = 1 when {@code subject} contains the literal text (at its start or end when the pattern
   * is anchored), else 0; the other way round when {@code negated}.
   */
  void containsLiteral(Expr subject, LiteralPattern literal, boolean negated) {
    byte[] p = literal.text();
    int m = p.length;
    Label yes = new Label("re_match");
    Label no = new Label("re_nomatch");
    Label done = new Label("re_done");
    int buf = copy(subject);
    if (m == 0) {
      if (literal.start() && literal.end()) {
        c.emit(Jump.ifEqual(Reg.R0, 0, yes), Jump.to(no)); // "^$": the empty string only
      } else {
        c.emit(Jump.to(yes));
      }
    } else if (m >= maxLen) {
      c.emit(Jump.to(no));
    } else {
      Reg n = Reg.R5;
      Reg i = Reg.R9;
      c.emit(Alu.mov(n, Reg.R0));
      c.emit(Jump.ifSignedLess(n, m, no));
      if (literal.start() && literal.end()) {
        c.emit(Jump.ifNotEqual(n, m, no), Alu.mov(i, 0));
      } else if (literal.end()) {
        c.emit(Alu.mov(i, n), Alu.sub(i, m));
      } else {
        c.emit(Alu.mov(i, 0));
      }
      Label at = new Label("re_at");
      Label next = new Label("re_next");
      asm.bind(at);
      // a constant bound the verifier can see: i <= maxLen - 1 - m
      c.emit(Jump.ifGreater(i, maxLen - 1 - m, no),
          Alu.mov(Reg.R1, SCRATCH), Alu.add(Reg.R1, buf), Alu.add(Reg.R1, i));
      for (int k = 0; k < m; k++) {
        c.emit(Load.of(Size.B, Reg.R2, Reg.R1, k), Jump.ifNotEqual(Reg.R2, p[k] & 0xff, next));
      }
      c.emit(Jump.to(yes));
      asm.bind(next);
      if (literal.start() || literal.end()) {
        c.emit(Jump.to(no));
      } else {
        // try the next position while i + m <= n
        c.emit(Alu.add(i, 1), Alu.mov(Reg.R3, i), Alu.add(Reg.R3, m),
            Jump.ifGreater(Reg.R3, n, no), Jump.to(at));
      }
    }
    asm.bind(yes);
    c.emit(Alu.mov(Reg.R0, negated ? 0 : 1), Jump.to(done));
    asm.bind(no);
    c.emit(Alu.mov(Reg.R0, negated ? 1 : 0));
    asm.bind(done);
  }

  /**
   * {@code isinstr(s1, s2)}: whether s1 contains s2. The searched-for text must be a literal
   * here (the search is unrolled over its bytes); anything else is a compile error.
   */
  void isinstr(io.jstap.lang.ast.Call call) {
    List<Expr> args = call.args();
    if (!(args.get(1) instanceof StringLit text)) {
      c.shared().diagnostics.report(Diagnostic.error(args.get(1).span(), "isinstr() in"
          + " kernel-context probes searches for literal text only")
          .withHint("give the text as a string literal, or call isinstr() from an end, begin or"
              + " timer probe"));
      c.emit(Alu.mov(Reg.R0, 0));
      return;
    }
    containsLiteral(args.get(0), new LiteralPattern(text.bytes(), false, false), false);
  }

  /**
   * {@code substr(str, start, length)} as SystemTap's tapset computes it: strlcpy of
   * clamp(length + 1, 0, MAXSTRINGLEN) bytes from {@code str + start}, and the empty string when
   * start lies outside the string. r0 = the result's address.
   */
  void substr(List<Expr> args) {
    int buf = copy(args.get(0));
    int length = saveR0();
    c.longExpr(args.get(1));
    int start = saveR0();
    c.longExpr(args.get(2));
    int out = c.scratch(maxLen);
    Label done = new Label("substr_done");
    Label sized = new Label("substr_sized");
    c.emit(StoreImm.of(Size.B, SCRATCH, out, 0),
        Alu.add(Reg.R0, 1), Jump.ifSignedLess(Reg.R0, 1, done),
        Jump.ifSignedLessOrEqual(Reg.R0, maxLen, sized), Alu.mov(Reg.R0, maxLen));
    asm.bind(sized);
    c.emit(Alu.mov(Reg.R2, Reg.R0),
        Load.of(Size.DW, Reg.R3, Reg.R10, start), Load.of(Size.DW, Reg.R4, Reg.R10, length),
        Jump.ifSignedLess(Reg.R3, 0, done), Jump.ifSignedGreaterOrEqual(Reg.R3, Reg.R4, done),
        Alu.and(Reg.R3, maxLen - 1), Alu.add(Reg.R3, SCRATCH), Alu.add(Reg.R3, buf),
        Alu.mov(Reg.R1, SCRATCH), Alu.add(Reg.R1, out),
        Call.helper(Helpers.PROBE_READ_KERNEL_STR));
    asm.bind(done);
    c.emit(Alu.mov(Reg.R0, SCRATCH), Alu.add(Reg.R0, out));
  }

  /**
   * {@code stringat(str, pos)}: the byte at pos (0 to 255: the kernel's char is unsigned), or
   * SystemTap's "Position out of bounds" error.
   */
  void stringat(io.jstap.lang.ast.Call call) {
    int buf = copy(call.args().get(0));
    int length = saveR0();
    c.longExpr(call.args().get(1));
    Label inside = new Label("stringat_inside");
    Label outside = new Label("stringat_outside");
    c.emit(Load.of(Size.DW, Reg.R4, Reg.R10, length),
        Jump.ifSignedLess(Reg.R0, 0, outside), Jump.ifSignedLess(Reg.R0, Reg.R4, inside));
    asm.bind(outside);
    c.raise("Position out of bounds", call.span(), null);
    asm.bind(inside);
    c.emit(Alu.and(Reg.R0, maxLen - 1), Alu.mov(Reg.R1, SCRATCH), Alu.add(Reg.R1, buf),
        Alu.add(Reg.R1, Reg.R0), Load.of(Size.B, Reg.R0, Reg.R1, 0));
  }

  /**
   * {@code strtol(str[, base])} as the kernel's simple_strtol: an optional '-', base 0 meaning
   * 16 after "0x", 8 after "0" and 10 otherwise, "0x" skipped in base 16, then digits until the
   * first that is not one in the base. No overflow check, as in the kernel.
   */
  void strtol(List<Expr> args) {
    int buf = copy(args.get(0));
    if (args.size() > 1) {
      c.longExpr(args.get(1));
    } else {
      c.emit(Alu.mov(Reg.R0, 10));
    }
    Reg text = Reg.R1;
    Reg base = Reg.R2;
    Reg i = Reg.R3;
    Reg negative = Reg.R4;
    Reg b = Reg.R5;
    Label unsigned = new Label("strtol_unsigned");
    Label based = new Label("strtol_based");
    Label loop = new Label("strtol_loop");
    Label letter = new Label("strtol_letter");
    Label digit = new Label("strtol_digit");
    Label end = new Label("strtol_end");
    Label positive = new Label("strtol_positive");
    // the base is an unsigned int in the kernel
    c.emit(Alu.mov32(base, Reg.R0),
        Alu.mov(text, SCRATCH), Alu.add(text, buf), Alu.mov(i, 0), Alu.mov(negative, 0),
        Load.of(Size.B, b, text, 0), Jump.ifNotEqual(b, '-', unsigned),
        Alu.mov(negative, 1), Alu.mov(i, 1));
    asm.bind(unsigned);
    // here i is 0 or 1, so text + i + 2 still lies in the copy
    Label zeroPrefix = new Label("strtol_zero_prefix");
    Label skipHexPrefix = new Label("strtol_skip_0x");
    c.emit(Alu.mov(Reg.R0, text), Alu.add(Reg.R0, i), Jump.ifNotEqual(base, 0, skipHexPrefix),
        Load.of(Size.B, b, Reg.R0, 0), Jump.ifEqual(b, '0', zeroPrefix),
        Alu.mov(base, 10), Jump.to(based));
    asm.bind(zeroPrefix);
    // base 16 when "0x" is followed by a hexadecimal digit, else 8
    Label octal = new Label("strtol_octal");
    Label hexDigit = new Label("strtol_hex_digit");
    c.emit(Load.of(Size.B, b, Reg.R0, 1), Alu.or(b, 0x20), Jump.ifNotEqual(b, 'x', octal),
        Load.of(Size.B, b, Reg.R0, 2), Alu.mov(Reg.R9, b), Alu.sub(Reg.R9, '0'),
        Jump.ifLess(Reg.R9, 10, hexDigit), Alu.or(b, 0x20), Alu.sub(b, 'a'),
        Jump.ifLess(b, 6, hexDigit));
    asm.bind(octal);
    c.emit(Alu.mov(base, 8), Jump.to(based));
    asm.bind(hexDigit);
    c.emit(Alu.mov(base, 16));
    asm.bind(skipHexPrefix);
    // "0x" is skipped in base 16
    c.emit(Jump.ifNotEqual(base, 16, based), Load.of(Size.B, b, Reg.R0, 0),
        Jump.ifNotEqual(b, '0', based), Load.of(Size.B, b, Reg.R0, 1), Alu.or(b, 0x20),
        Jump.ifNotEqual(b, 'x', based), Alu.add(i, 2));
    asm.bind(based);
    c.emit(Alu.mov(Reg.R0, 0));
    asm.bind(loop);
    c.emit(Jump.ifGreaterOrEqual(i, maxLen, end),
        Alu.mov(Reg.R9, text), Alu.add(Reg.R9, i), Load.of(Size.B, b, Reg.R9, 0),
        Alu.sub(b, '0'), Jump.ifLess(b, 10, digit),
        Alu.add(b, '0'), Alu.or(b, 0x20), Alu.sub(b, 'a'), Jump.ifLess(b, 26, letter),
        Jump.to(end));
    asm.bind(letter);
    c.emit(Alu.add(b, 10));
    asm.bind(digit);
    c.emit(Jump.ifGreaterOrEqual(b, base, end),
        Alu.mul(Reg.R0, base), Alu.add(Reg.R0, b), Alu.add(i, 1), Jump.to(loop));
    asm.bind(end);
    c.emit(Jump.ifEqual(negative, 0, positive), Alu.neg(Reg.R0));
    asm.bind(positive);
  }
}

package io.jstap.elf;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where an x86-64 program's code refers to an address, and which function holds that code, even
 * in a stripped program. This is how jstap finds a static function by what it touches: QEMU's
 * {@code virtio_blk_rw_complete} has no symbol, but it holds the only reference to the exported
 * {@code _TRACE_VIRTIO_BLK_RW_COMPLETE_DSTATE}.
 *
 * <p>Finding references does not decode the whole program: every RIP-relative operand and
 * relative branch ends in a 32-bit displacement (possibly followed by an immediate of 1, 2 or 4
 * bytes), so a byte scan finds the few places where one could name the address, and the
 * function around each is decoded from its start to confirm an instruction really does. The
 * whole program is walked (a linear sweep of every executable section, as objdump walks it) only
 * for {@link #functionByCodeScan}.
 */
public final class CodeReferences {
  private final ElfFile elf;
  private final List<ElfSection> code;
  private final byte[][] codeBytes;
  private volatile EhFrameFunctions ehFrame;
  private Sweep sweep;

  private CodeReferences(ElfFile elf, List<ElfSection> code, byte[][] codeBytes) {
    this.elf = elf;
    this.code = code;
    this.codeBytes = codeBytes;
  }

  /** The code of an x86-64 program (its executable sections, copied). */
  public static CodeReferences of(ElfFile elf) throws ElfException {
    elf.requireX86_64("finding code references");
    var code = new ArrayList<ElfSection>();
    var bytes = new ArrayList<byte[]>();
    for (ElfSection s : elf.sections()) {
      if (s.isExecutable() && s.hasFileBytes() && s.size() > 0) {
        code.add(s);
        bytes.add(elf.contents(s).toArray(ValueLayout.JAVA_BYTE));
      }
    }
    return new CodeReferences(elf, List.copyOf(code), bytes.toArray(new byte[0][]));
  }

  /**
   * Every instruction that refers to an address in {@code [address, address + size)} through a
   * RIP-relative memory operand or a relative call or jump, in address order, with the function
   * holding it.
   */
  public List<CodeReference> to(long address, long size) throws ElfException {
    long span = Math.max(size, 1);
    var found = new TreeMap<Long, X86Instruction>();
    for (int si = 0; si < code.size(); si++) {
      ElfSection s = code.get(si);
      byte[] b = codeBytes[si];
      long base = s.address();
      for (int p = 0; p + 4 <= b.length; p++) {
        int disp = (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16
            | (b[p + 3] & 0xff) << 24;
        // the instruction ends 0, 1, 2 or 4 bytes after its displacement
        long lowest = base + p + 4 + disp - address;
        if (lowest >= -4 && lowest < span) {
          confirm(si, p, address, span, found);
        }
      }
      // short jumps (rel8) reach 128 bytes at most: look only near the address
      long near = address - base;
      for (long p = Math.max(0, near - 130); p < Math.min(b.length, near + span + 128); p++) {
        long lowest = base + p + 1 + b[(int) p] - address;
        if (lowest >= 0 && lowest < span) {
          confirm(si, (int) p, address, span, found);
        }
      }
    }
    var out = new ArrayList<CodeReference>();
    for (X86Instruction insn : found.values()) {
      out.add(new CodeReference(insn, functionContaining(insn.address()).orElseGet(() ->
          new FunctionRange(insn.address(), insn.end(), Optional.empty(),
              FunctionRange.Source.CODE_SCAN))));
    }
    return out;
  }

  /** Every instruction that refers to a symbol's bytes (or its address, when it has no size). */
  public List<CodeReference> to(ElfSymbol symbol) throws ElfException {
    return to(symbol.value(), Math.max(symbol.size(), 1));
  }

  /**
   * Decodes from the start of the function around a candidate displacement up to it, and keeps
   * the instruction that holds it if it really names the address.
   */
  private void confirm(int si, int dispOffset, long address, long span,
      TreeMap<Long, X86Instruction> found) throws ElfException {
    ElfSection s = code.get(si);
    byte[] b = codeBytes[si];
    long at = s.address() + dispOffset;
    long from = s.address();
    Optional<FunctionRange> fn = functionBySymbol(at);
    if (fn.isEmpty()) {
      EhFrameFunctions eh = ehFrame();
      int i = eh.indexOf(at);
      if (i >= 0) {
        fn = Optional.of(new FunctionRange(eh.start(i), eh.end(i), Optional.empty(),
            FunctionRange.Source.EH_FRAME));
      }
    }
    if (fn.isPresent() && Long.compareUnsigned(fn.get().start() - s.address(), s.size()) < 0) {
      from = fn.get().start();
    }
    int off = (int) (from - s.address());
    while (off <= dispOffset) {
      X86Instruction insn = X86Decoder.decode(b, off, b.length, s.address() + off);
      if (insn.end() > at) {
        if (names(insn, address, span)) {
          found.put(insn.address(), insn);
        }
        return;
      }
      off += insn.length();
    }
  }

  private static boolean names(X86Instruction insn, long address, long span) {
    if (insn.ripRelative() && Long.compareUnsigned(insn.ripTarget() - address, span) < 0) {
      return true;
    }
    boolean branch = insn.flow() == X86Instruction.Flow.CALL
        || insn.flow() == X86Instruction.Flow.JUMP
        || insn.flow() == X86Instruction.Flow.CONDITIONAL_JUMP;
    return branch && Long.compareUnsigned(insn.branchTarget() - address, span) < 0;
  }

  /**
   * The function holding an address: a sized function symbol covering it, else the .eh_frame
   * range covering it (named when a symbol starts there), else {@link #functionByCodeScan}.
   */
  public Optional<FunctionRange> functionContaining(long address) throws ElfException {
    Optional<FunctionRange> bySymbol = functionBySymbol(address);
    if (bySymbol.isPresent()) {
      return bySymbol;
    }
    EhFrameFunctions eh = ehFrame();
    int i = eh.indexOf(address);
    if (i >= 0) {
      return Optional.of(new FunctionRange(eh.start(i), eh.end(i), symbolAt(eh.start(i)),
          FunctionRange.Source.EH_FRAME));
    }
    return functionByCodeScan(address);
  }

  private Optional<FunctionRange> functionBySymbol(long address) throws ElfException {
    List<ElfSymbol> fns = elf.functions();
    // sorted by address: look at the symbols at or below it, nearest first
    int lo = 0;
    int hi = fns.size() - 1;
    int below = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (Long.compareUnsigned(fns.get(mid).value(), address) <= 0) {
        below = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    for (int i = below; i >= 0 && i > below - 64; i--) {
      ElfSymbol f = fns.get(i);
      if (f.size() > 0 && Long.compareUnsigned(address - f.value(), f.size()) < 0) {
        return Optional.of(new FunctionRange(f.value(), f.value() + f.size(),
            Optional.of(f.name()), FunctionRange.Source.SYMBOL));
      }
    }
    return Optional.empty();
  }

  private Optional<String> symbolAt(long address) throws ElfException {
    for (ElfSymbol f : elf.functions()) {
      if (f.value() == address) {
        return Optional.of(f.name());
      }
    }
    return Optional.empty();
  }

  /**
   * The function holding an address judged from the code alone: it starts at the nearest known
   * function start at or below the address (a function symbol, a call target, or code whose
   * address an instruction takes) and ends at the next one or at its section's end. Walks the
   * whole program the first time.
   */
  public Optional<FunctionRange> functionByCodeScan(long address) throws ElfException {
    ElfSection section = null;
    for (ElfSection s : code) {
      if (Long.compareUnsigned(address - s.address(), s.size()) < 0) {
        section = s;
      }
    }
    if (section == null) {
      return Optional.empty();
    }
    long start = section.address();
    long end = section.address() + section.size();
    for (long t : functionStarts()) {
      if (Long.compareUnsigned(t, address) <= 0 && Long.compareUnsigned(t, start) > 0) {
        start = t;
      } else if (Long.compareUnsigned(t, address) > 0 && Long.compareUnsigned(t, end) < 0) {
        end = t;
      }
    }
    return Optional.of(new FunctionRange(start, end, symbolAt(start),
        FunctionRange.Source.CODE_SCAN));
  }

  /**
   * Function starts known from symbols and from the code: call targets, and code addresses that
   * RIP-relative operands name (functions whose address is taken). Sorted. Walks the whole
   * program the first time.
   */
  public long[] functionStarts() throws ElfException {
    return sweep().functionStarts;
  }

  /** How many instructions the whole-program walk decoded. */
  public int instructionCount() throws ElfException {
    return sweep().instructions;
  }

  /** How many bytes the whole-program walk found to be no instruction (objdump's "(bad)"). */
  public int invalidCount() throws ElfException {
    return sweep().invalid;
  }

  private record Sweep(long[] functionStarts, int instructions, int invalid) {}

  private synchronized Sweep sweep() throws ElfException {
    if (sweep != null) {
      return sweep;
    }
    long[] targets = new long[4096];
    int n = 0;
    int instructions = 0;
    int invalid = 0;
    for (int si = 0; si < code.size(); si++) {
      ElfSection s = code.get(si);
      byte[] b = codeBytes[si];
      int off = 0;
      while (off < b.length) {
        X86Instruction insn = X86Decoder.decode(b, off, b.length, s.address() + off);
        instructions++;
        if (insn.flow() == X86Instruction.Flow.INVALID) {
          invalid++;
        }
        long target = 0;
        boolean start = false;
        if (insn.flow() == X86Instruction.Flow.CALL) {
          target = insn.branchTarget();
          start = true;
        } else if (insn.ripRelative() && inCode(insn.ripTarget())) {
          target = insn.ripTarget();
          start = true;
        }
        if (start) {
          if (n == targets.length) {
            targets = Arrays.copyOf(targets, n * 2);
          }
          targets[n++] = target;
        }
        off += insn.length();
      }
    }
    List<ElfSymbol> fns = elf.functions();
    long[] all = Arrays.copyOf(targets, n + fns.size());
    for (int i = 0; i < fns.size(); i++) {
      all[n + i] = fns.get(i).value();
    }
    Arrays.sort(all);
    int distinct = 0;
    for (int i = 0; i < all.length; i++) {
      if (i == 0 || all[i] != all[i - 1]) {
        all[distinct++] = all[i];
      }
    }
    sweep = new Sweep(Arrays.copyOf(all, distinct), instructions, invalid);
    return sweep;
  }

  private boolean inCode(long address) {
    for (ElfSection s : code) {
      if (Long.compareUnsigned(address - s.address(), s.size()) < 0) {
        return true;
      }
    }
    return false;
  }

  private EhFrameFunctions ehFrame() throws ElfException {
    EhFrameFunctions e = ehFrame;
    if (e == null) {
      e = EhFrameFunctions.of(elf);
      ehFrame = e;
    }
    return e;
  }
}

package io.jstap.elf;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The code of an x86-64 program walked once, as objdump walks it (a linear sweep of every
 * executable section from its start): which instructions refer to which addresses, which
 * addresses are called or have their address taken, and so where functions are, even in a
 * stripped program. This is how jstap finds a static function by what it touches: QEMU's
 * {@code virtio_blk_rw_complete} has no symbol, but it holds the only reference to the exported
 * {@code _TRACE_VIRTIO_BLK_RW_COMPLETE_DSTATE}.
 */
public final class CodeReferences {
  private final ElfFile elf;
  private final List<ElfSection> code;
  /** Instructions with a RIP-relative operand or a relative branch, in address order. */
  private final long[] refAddress;
  private final long[] refTarget;
  private final int refCount;
  /** Call targets and RIP-relative targets inside code, sorted, distinct. */
  private final long[] codeTargets;
  private final int instructions;
  private final int invalid;
  private volatile EhFrameFunctions ehFrame;

  private CodeReferences(ElfFile elf, List<ElfSection> code, long[] refAddress,
      long[] refTarget, int refCount, long[] codeTargets, int instructions, int invalid) {
    this.elf = elf;
    this.code = code;
    this.refAddress = refAddress;
    this.refTarget = refTarget;
    this.refCount = refCount;
    this.codeTargets = codeTargets;
    this.instructions = instructions;
    this.invalid = invalid;
  }

  /** Walks the executable sections of an x86-64 program. */
  public static CodeReferences scan(ElfFile elf) throws ElfException {
    elf.requireX86_64("finding code references");
    var code = new ArrayList<ElfSection>();
    for (ElfSection s : elf.sections()) {
      if (s.isExecutable() && s.hasFileBytes() && s.size() > 0) {
        code.add(s);
      }
    }
    long[] refAddress = new long[4096];
    long[] refTarget = new long[4096];
    int refs = 0;
    long[] targets = new long[4096];
    int targetCount = 0;
    int instructions = 0;
    int invalid = 0;
    for (ElfSection s : code) {
      byte[] bytes = elf.contents(s).toArray(ValueLayout.JAVA_BYTE);
      int off = 0;
      while (off < bytes.length) {
        X86Instruction insn = X86Decoder.decode(bytes, off, bytes.length, s.address() + off);
        instructions++;
        if (insn.flow() == X86Instruction.Flow.INVALID) {
          invalid++;
        }
        long target = 0;
        boolean referring = false;
        if (insn.ripRelative()) {
          target = insn.ripTarget();
          referring = true;
        } else if (insn.flow() == X86Instruction.Flow.CALL
            || insn.flow() == X86Instruction.Flow.JUMP
            || insn.flow() == X86Instruction.Flow.CONDITIONAL_JUMP) {
          target = insn.branchTarget();
          referring = true;
        }
        if (referring) {
          if (refs == refAddress.length) {
            refAddress = Arrays.copyOf(refAddress, refs * 2);
            refTarget = Arrays.copyOf(refTarget, refs * 2);
          }
          refAddress[refs] = insn.address();
          refTarget[refs] = target;
          refs++;
          boolean functionStart = insn.flow() == X86Instruction.Flow.CALL
              || insn.ripRelative() && inCode(code, target);
          if (functionStart) {
            if (targetCount == targets.length) {
              targets = Arrays.copyOf(targets, targetCount * 2);
            }
            targets[targetCount++] = target;
          }
        }
        off += insn.length();
      }
    }
    long[] sorted = Arrays.copyOf(targets, targetCount);
    Arrays.sort(sorted);
    int distinct = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[distinct++] = sorted[i];
      }
    }
    return new CodeReferences(elf, List.copyOf(code), refAddress, refTarget, refs,
        Arrays.copyOf(sorted, distinct), instructions, invalid);
  }

  private static boolean inCode(List<ElfSection> code, long address) {
    for (ElfSection s : code) {
      if (Long.compareUnsigned(address - s.address(), s.size()) < 0) {
        return true;
      }
    }
    return false;
  }

  /** How many instructions the sweep decoded. */
  public int instructionCount() {
    return instructions;
  }

  /** How many bytes were no valid instruction (objdump's "(bad)"). */
  public int invalidCount() {
    return invalid;
  }

  /**
   * Every instruction that refers to an address in {@code [address, address + size)}, in address
   * order, with the function holding it.
   */
  public List<CodeReference> to(long address, long size) throws ElfException {
    var out = new ArrayList<CodeReference>();
    for (int i = 0; i < refCount; i++) {
      if (Long.compareUnsigned(refTarget[i] - address, Math.max(size, 1)) < 0) {
        X86Instruction insn = instructionAt(refAddress[i]);
        out.add(new CodeReference(insn, functionContaining(insn.address()).orElse(
            new FunctionRange(insn.address(), insn.end(), Optional.empty(),
                FunctionRange.Source.CODE_SCAN))));
      }
    }
    return out;
  }

  /** Every instruction that refers to a symbol's bytes (or its address, when it has no size). */
  public List<CodeReference> to(ElfSymbol symbol) throws ElfException {
    return to(symbol.value(), Math.max(symbol.size(), 1));
  }

  private X86Instruction instructionAt(long address) throws ElfException {
    for (ElfSection s : code) {
      if (Long.compareUnsigned(address - s.address(), s.size()) < 0) {
        int off = (int) (address - s.address());
        byte[] bytes = elf.contents(s).asSlice(off, Math.min(X86Decoder.MAX_LENGTH,
            s.size() - off)).toArray(ValueLayout.JAVA_BYTE);
        return X86Decoder.decode(bytes, 0, bytes.length, address);
      }
    }
    throw new IllegalStateException("0x" + Long.toHexString(address) + " is in no code section");
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
    for (ElfSymbol f : elf.functions()) {
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
   * The function holding an address judged from the code alone: it starts at the nearest
   * known function start at or below the address (a function symbol, a call target, or code
   * whose address an instruction takes) and ends at the next one or at its section's end.
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

  private long[] starts;

  /** Function starts known from symbols and from the code (calls, address-taking). Sorted. */
  public synchronized long[] functionStarts() throws ElfException {
    if (starts == null) {
      List<ElfSymbol> fns = elf.functions();
      long[] all = Arrays.copyOf(codeTargets, codeTargets.length + fns.size());
      for (int i = 0; i < fns.size(); i++) {
        all[codeTargets.length + i] = fns.get(i).value();
      }
      Arrays.sort(all);
      int n = 0;
      for (int i = 0; i < all.length; i++) {
        if (i == 0 || all[i] != all[i - 1]) {
          all[n++] = all[i];
        }
      }
      starts = Arrays.copyOf(all, n);
    }
    return starts;
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

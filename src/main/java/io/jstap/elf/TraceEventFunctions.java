package io.jstap.elf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Static functions of a stripped program found through the trace events they emit, by QEMU's
 * convention. QEMU's tracetool gives every event {@code NAME} a global
 * {@code uint16_t _TRACE_<NAME in capitals>_DSTATE} that the inlined {@code trace_NAME()} reads
 * to know whether the event is enabled; builds with loadable modules (Debian's) export it in
 * .dynsym, even though the program itself is stripped. An event is named after the function that
 * emits it ({@code virtio_blk_rw_complete} emits {@code trace_virtio_blk_rw_complete}), so the
 * function holding the only instruction that reads the state is the event's function.
 *
 * <p>Where an event does not follow the convention (it is emitted by a function of another name),
 * the function found is that other one: the convention is QEMU's, not a law, and every answer
 * says how it was found ({@link Found#describe}).
 */
public final class TraceEventFunctions {
  private static final String PREFIX = "_TRACE_";
  private static final String SUFFIX = "_DSTATE";

  private TraceEventFunctions() {}

  /** The exported state variable of the event named {@code function}. */
  public static String stateSymbol(String function) {
    return PREFIX + function.toUpperCase(Locale.ROOT) + SUFFIX;
  }

  /**
   * Whether {@code function} has no function symbol of its own but names a trace event whose
   * state the program exports (a cheap check: symbol tables only, no code is read).
   */
  public static boolean hasEvent(ElfFile elf, String function) throws ElfException {
    if (function.isEmpty() || !function.equals(function.toLowerCase(Locale.ROOT))) {
      return false;
    }
    if (elf.symbol(function).filter(ElfSymbol::isFunction).isPresent()) {
      return false;
    }
    return elf.symbol(stateSymbol(function)).filter(s -> s.size() > 0).isPresent();
  }

  /**
   * A function found through its trace event.
   *
   * @param function the event's (and function's) name
   * @param state the event's state variable
   * @param range the function holding the instruction that reads it
   * @param reference the address of that instruction
   */
  public record Found(String function, ElfSymbol state, FunctionRange range, long reference) {
    /** What was found and how, for -v: "found NAME at 0x... through its trace event (...)". */
    public String describe() {
      return "found " + function + " at 0x" + Long.toHexString(range.start())
          + " through its trace event (the only code reading " + state.name() + ", at 0x"
          + Long.toHexString(reference) + "; function bounds from "
          + range.source().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")";
    }
  }

  /**
   * The function that emits the trace event named {@code function}.
   *
   * @throws ElfException with a message for the user when the program exports no such event,
   *     when no code reads its state (the function is not in this build), or when several
   *     functions do (the event is emitted from several places, or its function was inlined)
   */
  public static Found find(ElfFile elf, String function) throws ElfException {
    return find(elf, CodeReferences.of(elf), function);
  }

  /** {@link #find(ElfFile, String)} with the program's code already read. */
  public static Found find(ElfFile elf, CodeReferences code, String function) throws ElfException {
    String name = stateSymbol(function);
    Optional<ElfSymbol> state = elf.symbol(name);
    if (state.isEmpty()) {
      throw new ElfException(elf.path() + " has no function '" + function + "' and no trace event"
          + " of that name (no symbol " + name + ")");
    }
    List<CodeReference> refs = code.to(state.get());
    if (refs.isEmpty()) {
      throw new ElfException("no code of " + elf.path() + " reads " + name + ": the trace event "
          + function + " is never emitted in this build");
    }
    var starts = new ArrayList<FunctionRange>();
    for (CodeReference r : refs) {
      if (starts.stream().noneMatch(f -> f.start() == r.function().start())) {
        starts.add(r.function());
      }
    }
    if (starts.size() > 1) {
      var where = new StringBuilder();
      for (FunctionRange f : starts) {
        where.append(where.isEmpty() ? "" : ", ").append("0x").append(Long.toHexString(f.start()));
      }
      throw new ElfException("the trace event " + function + " of " + elf.path() + " is emitted by "
          + starts.size() + " functions (at " + where + "): jstap cannot tell which one is "
          + function + "; probe one of them with .statement(ADDRESS)");
    }
    FunctionRange range = starts.getFirst();
    if (range.name().isPresent() && !range.name().get().equals(function)) {
      throw new ElfException("the trace event " + function + " of " + elf.path()
          + " is emitted inside " + range.name().get() + ", not by a function of its own; probe "
          + range.name().get() + " instead");
    }
    // A function that emits several events is named after at most one of them: this one, when
    // the others extend its name (foo with foo_done, foo_error), else jstap cannot tell.
    var others = new ArrayList<String>();
    for (String event : eventsEmittedBy(elf, range)) {
      if (!event.equals(function) && !event.startsWith(function + "_")) others.add(event);
    }
    if (!others.isEmpty()) {
      throw new ElfException("the function that emits the trace event " + function + " of "
          + elf.path() + " (at 0x" + Long.toHexString(range.start()) + ") also emits "
          + String.join(", ", others) + ": jstap cannot tell whether it is " + function
          + "; if it is, probe it with .statement(0x" + Long.toHexString(range.start()) + ")");
    }
    return new Found(function, state.get(), range, refs.getFirst().instruction().address());
  }

  /**
   * The trace events whose states the code of {@code range} reads, by name, in the order of
   * their first reads.
   */
  public static List<String> eventsEmittedBy(ElfFile elf, FunctionRange range)
      throws ElfException {
    Optional<ElfSection> section = elf.sectionAt(range.start());
    if (section.isEmpty() || !section.get().isExecutable()) {
      return List.of();
    }
    ElfSection s = section.get();
    byte[] code = elf.contents(s).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    var states = new java.util.HashMap<Long, String>();
    for (ElfSymbol sym : elf.dynamicSymbols()) {
      addState(states, sym);
    }
    for (ElfSymbol sym : elf.symbols()) {
      addState(states, sym);
    }
    var events = new java.util.LinkedHashSet<String>();
    int end = (int) Math.min(code.length, range.end() - s.address());
    int off = (int) (range.start() - s.address());
    while (off < end) {
      X86Instruction insn = X86Decoder.decode(code, off, code.length, s.address() + off);
      if (insn.ripRelative()) {
        String event = states.get(insn.ripTarget());
        if (event != null) events.add(event);
      }
      off += insn.length();
    }
    return List.copyOf(events);
  }

  private static void addState(java.util.Map<Long, String> states, ElfSymbol sym) {
    String n = sym.name();
    if (sym.isDefined() && n.startsWith(PREFIX) && n.endsWith(SUFFIX)
        && n.length() > PREFIX.length() + SUFFIX.length()) {
      states.putIfAbsent(sym.value(), n.substring(PREFIX.length(), n.length() - SUFFIX.length())
          .toLowerCase(Locale.ROOT));
    }
  }
}

package io.jstap.codegen;

import io.jstap.format.RecordLayout;
import io.jstap.format.StapFormat;

/**
 * What one kind of ring-buffer record means. A BPF program writes an 8-byte header (the record's
 * id as a u32, then 4 zero bytes) and then the arguments laid out by {@code layout}; user space
 * looks the id up and acts on it.
 *
 * @param id the number in the header
 * @param channel what the record asks user space to do
 * @param format the text to print ({@code null} for {@link Channel#EXIT})
 * @param layout where the format's operands lie after the header
 * @param deferred per operand, a function user space applies to the value the record carries
 *     (null for plain values): symbols are looked up where the symbol tables are; the process
 *     id of user-space symbols travels in the header's second word
 */
public record OutputRecord(int id, Channel channel, StapFormat format, RecordLayout layout,
    java.util.List<Deferred> deferred) {

  /**
   * A string operand the BPF program sends as a number, for user space to turn into text (a
   * printf operand only: elsewhere these functions are compile errors in kernel probes).
   */
  public enum Deferred {
    /** symname(address) */
    KERNEL_SYMBOL,
    /** symdata(address) */
    KERNEL_SYMBOL_DATA,
    /** usymname(address), in the process of the header's pid */
    USER_SYMBOL,
    /** usymdata(address) */
    USER_SYMBOL_DATA,
    /** backtrace(): the kernel stack's addresses in hex */
    KERNEL_STACK,
    /** print_backtrace(), sprint_backtrace(): one symbolized frame per line */
    KERNEL_STACK_SYMBOLS,
    /** ubacktrace() */
    USER_STACK,
    /** drop_reason_str(reason): a name of the kernel's enum skb_drop_reason */
    DROP_REASON,
    /** ctime(seconds): the date and time, as SystemTap prints them */
    CALENDAR_TIME,
    /** tz_ctime(seconds): the same in the local time zone, with its name */
    LOCAL_CALENDAR_TIME,
    /** print_ubacktrace(), sprint_ubacktrace() */
    USER_STACK_SYMBOLS;

    /** Frames a stack operand carries (bpf_get_stack fills them after a u64 byte count). */
    public static final int MAX_FRAMES = 32;

    /**
     * In a user stack, the last frame's slot is not bpf_get_stack's: at the entry of a function
     * it holds the return address on top of the stack (0 elsewhere). The kernel walks frame
     * pointers, and before the function has pushed its own, the walk skips its caller; user
     * space puts the caller back.
     */
    public static final int CALLER_SLOT = MAX_FRAMES - 1;

    /** The builtin whose value user space computes, or null. */
    public static Deferred of(String builtin) {
      return switch (builtin) {
        case "symname" -> KERNEL_SYMBOL;
        case "symdata" -> KERNEL_SYMBOL_DATA;
        case "usymname" -> USER_SYMBOL;
        case "usymdata" -> USER_SYMBOL_DATA;
        case "backtrace" -> KERNEL_STACK;
        case "sprint_backtrace", "print_backtrace" -> KERNEL_STACK_SYMBOLS;
        case "ubacktrace" -> USER_STACK;
        case "drop_reason_str" -> DROP_REASON;
        case "ctime" -> CALENDAR_TIME;
        case "tz_ctime" -> LOCAL_CALENDAR_TIME;
        case "sprint_ubacktrace", "print_ubacktrace" -> USER_STACK_SYMBOLS;
        default -> null;
      };
    }

    public boolean isStack() {
      return this == KERNEL_STACK || this == KERNEL_STACK_SYMBOLS || this == USER_STACK
          || this == USER_STACK_SYMBOLS;
    }

    /** Needs the process id (user-space symbols). */
    public boolean isUser() {
      return this == USER_SYMBOL || this == USER_SYMBOL_DATA || this == USER_STACK
          || this == USER_STACK_SYMBOLS;
    }

    /** Bytes the record carries for it. */
    public int payload() {
      return isStack() ? 8 + 8 * MAX_FRAMES : 8;
    }
  }

  public OutputRecord {
    deferred = deferred == null ? null : java.util.Collections.unmodifiableList(
        new java.util.ArrayList<>(deferred));
  }

  /** True when some operand is {@link Deferred}. */
  public boolean hasDeferred() {
    return deferred != null && deferred.stream().anyMatch(java.util.Objects::nonNull);
  }

  /** Where a record goes. */
  public enum Channel {
    /** Printed to the script's output (stdout or -o). */
    OUTPUT,
    /** Printed to stderr as {@code WARNING: ...}. */
    WARNING,
    /** A run-time error: printed to stderr as {@code ERROR: ...}, counted against MAXERRORS. */
    ERROR,
    /** {@code exit()}: the session ends once the handlers that run now are done. */
    EXIT,
    /** {@code system(cmd)}: user space runs the command the record carries. */
    SYSTEM
  }

  /** Bytes of the header before the arguments. */
  public static final int HEADER_SIZE = 8;

  /** Bytes of a whole record. */
  public int size() {
    return HEADER_SIZE + (layout == null ? 0 : layout.size());
  }
}

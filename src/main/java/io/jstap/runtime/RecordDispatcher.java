package io.jstap.runtime;

import io.jstap.codegen.OutputRecord;
import io.jstap.format.FormatLimits;
import io.jstap.format.OutputBuffer;
import io.jstap.format.RecordFormatter;
import io.jstap.format.ValueArguments;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Acts on each ring-buffer record as it arrives: prints it (output, warnings, errors) or
 * notes an exit request. The hot path of every BPF printf: no allocation per record.
 */
public final class RecordDispatcher {
  private static final byte[] WARNING = "WARNING: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ERROR = "ERROR: ".getBytes(StandardCharsets.US_ASCII);

  private final OutputRecord[] records;
  private final RecordFormatter[] formatters;
  private final Symbols symbols;
  private io.jstap.format.CalendarTime.Zone zone;
  private final FormatLimits limits;
  private final OutputBuffer out;
  private final OutputBuffer err;
  private long errors;
  private boolean exitRequested;
  private long unknown;

  public RecordDispatcher(List<OutputRecord> records, FormatLimits limits, OutputBuffer out,
      OutputBuffer err) {
    this(records, limits, out, err, Symbols.NONE);
  }

  public RecordDispatcher(List<OutputRecord> records, FormatLimits limits, OutputBuffer out,
      OutputBuffer err, Symbols symbols) {
    this.symbols = symbols;
    this.limits = limits;
    this.records = records.toArray(OutputRecord[]::new);
    this.formatters = new RecordFormatter[this.records.length];
    for (int i = 0; i < this.records.length; i++) {
      OutputRecord r = this.records[i];
      if (r.format() != null) formatters[i] = new RecordFormatter(r.format(), r.layout(), limits);
    }
    this.out = out;
    this.err = err;
  }

  /** Handles one record (a view of the ring, valid during the call). */
  public void accept(MemorySegment record) {
    int id = record.get(ValueLayout.JAVA_INT_UNALIGNED, 0);
    if (id < 0 || id >= records.length) {
      unknown++;
      return;
    }
    switch (records[id].channel()) {
      case OUTPUT -> {
        if (records[id].hasDeferred()) formatDeferred(records[id], record, out);
        else formatters[id].format(record, OutputRecord.HEADER_SIZE, out);
      }
      case WARNING -> {
        err.write(WARNING);
        formatters[id].format(record, OutputRecord.HEADER_SIZE, err);
        err.write('\n');
      }
      case ERROR -> {
        errors++;
        err.write(ERROR);
        formatters[id].format(record, OutputRecord.HEADER_SIZE, err);
        err.write('\n');
      }
      case EXIT -> exitRequested = true;
      case SYSTEM -> {
        var command = new java.io.ByteArrayOutputStream();
        var text = new OutputBuffer(command);
        formatters[id].format(record, OutputRecord.HEADER_SIZE, text);
        text.flush();
        SystemCommands.start(command.toString(StandardCharsets.UTF_8),
            System.err);
      }
    }
  }

  /** Run-time errors reported by the programs so far. */
  public long errors() {
    return errors;
  }

  public boolean exitRequested() {
    return exitRequested;
  }

  /** Records with an id no program should send (a jstap bug if ever non-zero). */
  public long unknownRecords() {
    return unknown;
  }

  /**
   * Records with symbols to look up: each operand is read into Java values first (the slow
   * path; symbol lookups cost more than the copies).
   */
  private void formatDeferred(OutputRecord r, MemorySegment record, OutputBuffer sink) {
    var fields = r.layout().fields();
    var args = new ValueArguments(fields.size());
    long pid = Integer.toUnsignedLong(record.get(ValueLayout.JAVA_INT_UNALIGNED, 4));
    for (int i = 0; i < fields.size(); i++) {
      var f = fields.get(i);
      long at = OutputRecord.HEADER_SIZE + f.offset();
      OutputRecord.Deferred d = i < r.deferred().size() ? r.deferred().get(i) : null;
      if (d != null) {
        long value = record.get(ValueLayout.JAVA_LONG_UNALIGNED, at);
        String text = switch (d) {
          case KERNEL_SYMBOL -> symbols.kernelName(value);
          case KERNEL_SYMBOL_DATA -> symbols.kernelData(value);
          case USER_SYMBOL -> symbols.userName(pid, value);
          case USER_SYMBOL_DATA -> symbols.userData(pid, value);
          case DROP_REASON -> symbols.dropReason(value);
          case CALENDAR_TIME -> io.jstap.format.CalendarTime.inRange(value)
              ? io.jstap.format.CalendarTime.ctime(value) : "<time out of range: " + value + ">";
          case LOCAL_CALENDAR_TIME -> {
            String local = zone().ctime(value);
            yield local != null ? local : "<time out of range: " + value + ">";
          }
          case KERNEL_STACK, KERNEL_STACK_SYMBOLS, USER_STACK, USER_STACK_SYMBOLS ->
              stack(d, record, at, pid);
        };
        args.setBytes(i, text.getBytes(StandardCharsets.UTF_8));
        continue;
      }
      switch (f.kind()) {
        case LONG -> args.setLong(i, record.get(ValueLayout.JAVA_LONG_UNALIGNED, at));
        case STRING, MEMORY -> {
          byte[] bytes = new byte[f.capacity()];
          MemorySegment.copy(record, ValueLayout.JAVA_BYTE, at, bytes, 0, bytes.length);
          int n = 0;
          while (f.kind() == io.jstap.format.RecordKind.STRING && n < bytes.length
              && bytes[n] != 0) n++;
          args.setBytes(i, f.kind() == io.jstap.format.RecordKind.STRING
              ? java.util.Arrays.copyOf(bytes, n) : bytes);
        }
      }
    }
    r.format().printf(args, limits, sink);
  }

  /**
   * A stack as SystemTap prints it: {@code backtrace()} is the addresses in hex, separated by
   * spaces; {@code print_backtrace()} one line per frame, {@code " 0x... : symbol+0x../0x..
   * [module]"}.
   */
  /** The local time zone tz_ctime() writes in, read on first use. */
  private io.jstap.format.CalendarTime.Zone zone() {
    if (zone == null) zone = io.jstap.format.CalendarTime.Zone.local();
    return zone;
  }

  private String stack(OutputRecord.Deferred d, MemorySegment record, long at, long pid) {
    boolean kernel = d == OutputRecord.Deferred.KERNEL_STACK
        || d == OutputRecord.Deferred.KERNEL_STACK_SYMBOLS;
    int slots = kernel ? OutputRecord.Deferred.MAX_FRAMES : OutputRecord.Deferred.CALLER_SLOT;
    int count = (int) Math.max(0, Math.min(record.get(ValueLayout.JAVA_LONG_UNALIGNED, at) / 8,
        slots));
    var frames = new ArrayList<Long>();
    for (int i = 0; i < count; i++) {
      frames.add(record.get(ValueLayout.JAVA_LONG_UNALIGNED, at + 8 + 8L * i));
    }
    if (!kernel) {
      // at a function's entry: its caller, unless the kernel's walk has it already
      long caller = record.get(ValueLayout.JAVA_LONG_UNALIGNED,
          at + 8 + 8L * OutputRecord.Deferred.CALLER_SLOT);
      if (caller != 0 && !frames.isEmpty() && (frames.size() < 2 || frames.get(1) != caller)) {
        frames.add(1, caller);
      }
    }
    var b = new StringBuilder();
    boolean leading = kernel;
    for (long frame : frames) {
      if (leading) {
        // The stack starts in jstap's own program and the tracepoint's glue: not the user's.
        String name = symbols.kernelName(frame);
        if (name.startsWith("bpf_prog_") || name.startsWith("bpf_trace_run")
            || name.startsWith("__bpf_trace_") || name.startsWith("0x")) {
          continue;
        }
        leading = false;
      }
      switch (d) {
        case KERNEL_STACK, USER_STACK -> {
          if (!b.isEmpty()) b.append(' ');
          b.append(Symbols.hex(frame));
        }
        default -> b.append(String.format(" 0x%016x : %s%n", frame,
            d == OutputRecord.Deferred.USER_STACK_SYMBOLS ? symbols.userData(pid, frame)
                : symbols.kernelData(frame)));
      }
    }
    return b.toString();
  }
}

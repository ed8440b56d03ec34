package io.jstap.codegen;

import io.jstap.lang.Diagnostics;
import io.jstap.format.FormatLimits;
import io.jstap.format.RecordLayout;
import io.jstap.format.StapFormat;
import io.jstap.sema.CheckedScript;
import java.util.ArrayList;
import java.util.List;

/**
 * What every program of one script shares while it is compiled: the checked script, where
 * globals live, the string literals, the output records, and the maps jstap itself adds.
 */
final class Shared {
  /** The ring buffer every program writes its records to. */
  static final String RING = "events";
  /** Per-CPU count of records the ring had no room for. */
  static final String LOST = "lost";
  /** Per-CPU scratch memory: locals, string temporaries, records being built. */
  static final String SCRATCH = "scratch";
  /** Values the runtime sets before attaching: wall-clock offset, target pid. */
  static final String RUNTIME = "runtime";
  /** Offsets in {@link #RUNTIME}'s value. */
  static final int RUNTIME_WALL_OFFSET = 0;
  static final int RUNTIME_TARGET = 8;
  /** Non-zero once the session is ending: probes then do nothing (SystemTap's STOPPING). */
  static final int RUNTIME_EXITING = 16;
  /** Uncaught run-time errors of the programs so far, compared with MAXERRORS. */
  static final int RUNTIME_ERRORS = 24;
  static final int RUNTIME_SIZE = 32;
  /** errno names and texts, indexed by number, for errno_str() and strerror() in BPF. */
  static final String ERRNO = "errno";
  static final int ERRNO_NAME = 32;
  static final int ERRNO_TEXT = 64;
  static final int ERRNO_ENTRIES = 1024;

  /** System call names by number, for syscall_name() in BPF. */
  static final String SYSCALL_NAMES = "syscalls";
  static final int SYSCALL_NAME = 32;
  boolean usesSyscallTable;

  final CheckedScript script;
  final StorageLayout storage;
  final Limits limits;
  final Diagnostics diagnostics;
  final StringTable strings;
  final List<OutputRecord> records = new ArrayList<>();
  boolean usesErrnoTable;
  /** {@code -u}: compile stores to locals nobody reads. */
  boolean keepUnreadStores;
  int scratchSize = 8;
  /** The kernel's possible CPUs (per-CPU maps hold this many values). */
  int possibleCpus = 1;

  Shared(CheckedScript script, StorageLayout storage, Limits limits, Diagnostics diagnostics) {
    this.script = script;
    this.storage = storage;
    this.limits = limits;
    this.diagnostics = diagnostics;
    this.strings = new StringTable(limits.maxStringLen());
  }

  /** Registers a record kind and returns it (its id is its index). */
  OutputRecord record(OutputRecord.Channel channel, StapFormat format, RecordLayout layout) {
    return record(channel, format, layout, null);
  }

  OutputRecord record(OutputRecord.Channel channel, StapFormat format, RecordLayout layout,
      List<OutputRecord.Deferred> deferred) {
    var r = new OutputRecord(records.size(), channel, format, layout, deferred);
    records.add(r);
    return r;
  }

  private final java.util.Map<io.jstap.lang.Source, io.jstap.lang.LineIndex> lines =
      new java.util.IdentityHashMap<>();

  /** {@code file:line:column} of {@code span}, found in O(log lines) (run-time error texts). */
  String location(io.jstap.lang.Span span) {
    return ProgramListing.location(span, lines);
  }

  FormatLimits formatLimits() {
    return new FormatLimits(FormatLimits.DEFAULT.printBufferSize(), limits.maxStringLen());
  }
}

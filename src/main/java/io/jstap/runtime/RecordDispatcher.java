package io.jstap.runtime;

import io.jstap.codegen.OutputRecord;
import io.jstap.runtime.format.FormatLimits;
import io.jstap.runtime.format.OutputBuffer;
import io.jstap.runtime.format.RecordFormatter;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
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
  private final OutputBuffer out;
  private final OutputBuffer err;
  private long errors;
  private boolean exitRequested;
  private long unknown;

  public RecordDispatcher(List<OutputRecord> records, FormatLimits limits, OutputBuffer out,
      OutputBuffer err) {
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
      case OUTPUT -> formatters[id].format(record, OutputRecord.HEADER_SIZE, out);
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
}

package io.jstap.codegen;

import io.jstap.runtime.format.RecordLayout;
import io.jstap.runtime.format.StapFormat;

/**
 * What one kind of ring-buffer record means. A BPF program writes an 8-byte header (the record's
 * id as a u32, then 4 zero bytes) and then the arguments laid out by {@code layout}; user space
 * looks the id up and acts on it.
 *
 * @param id the number in the header
 * @param channel what the record asks user space to do
 * @param format the text to print ({@code null} for {@link Channel#EXIT})
 * @param layout where the format's operands lie after the header
 */
public record OutputRecord(int id, Channel channel, StapFormat format, RecordLayout layout) {

  /** Where a record goes. */
  public enum Channel {
    /** Printed to the script's output (stdout or -o). */
    OUTPUT,
    /** Printed to stderr as {@code WARNING: ...}. */
    WARNING,
    /** A run-time error: printed to stderr as {@code ERROR: ...}, counted against MAXERRORS. */
    ERROR,
    /** {@code exit()}: the session ends once the handlers that run now are done. */
    EXIT
  }

  /** Bytes of the header before the arguments. */
  public static final int HEADER_SIZE = 8;

  /** Bytes of a whole record. */
  public int size() {
    return HEADER_SIZE + (layout == null ? 0 : layout.size());
  }
}

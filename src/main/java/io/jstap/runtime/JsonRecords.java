package io.jstap.runtime;

import io.jstap.format.GlobalDump;
import io.jstap.format.LongValue;
import io.jstap.format.OutputBuffer;
import io.jstap.format.ScriptValue;
import io.jstap.format.StatSummary;
import io.jstap.format.StringValue;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code --format json}: one JSON object per line for each output record, for log pipelines
 * (the shape of bpftrace's {@code -f json}):
 *
 * <ul>
 *   <li>{@code {"type":"printf","data":"..."}}: what one print-family call printed (a
 *       ring-buffer record of a kernel probe, or one call in a begin, end or timer probe);
 *   <li>{@code {"type":"global","name":"n","data":...}}: a global printed at the end of the run
 *       (a number, a string, a statistic's {@code {"count":..,"sum":..,"min":..,"max":..,
 *       "avg":..}}, or an array's {@code [{"key":[...],"value":...}, ...]}).
 * </ul>
 *
 * <p>Text is decoded as UTF-8 (a malformed byte becomes U+FFFD) and escaped as RFC 8259 asks.
 */
public final class JsonRecords {
  private final OutputBuffer target;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private final OutputBuffer records;

  /** @param target where the JSON lines go */
  public JsonRecords(OutputBuffer target) {
    this.target = target;
    this.records = new OutputBuffer(new OutputStream() {
      @Override
      public void write(int b) {
        pending.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        pending.write(b, off, len);
      }

      @Override
      public void flush() {
        // The interpreter flushes its output when a handler ends: what it printed is done.
        endRecord();
        target.flush();
      }
    });
  }

  /** Where print functions and record formatters write one record's text. */
  public OutputBuffer recordBuffer() {
    return records;
  }

  /** Ends the record being written: its text becomes one {@code printf} object. */
  public void endRecord() {
    records.drain();
    if (pending.size() == 0) return;
    var line = new StringBuilder(pending.size() + 32);
    line.append("{\"type\":\"printf\",\"data\":");
    string(line, pending.toByteArray());
    line.append("}\n");
    pending.reset();
    target.write(line.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** A scalar global (a long, a string or a statistic) printed at the end of a run. */
  public void global(String name, ScriptValue value) {
    var line = start(name);
    value(line, value);
    finish(line);
  }

  /** An array global printed at the end of a run. */
  public void array(String name, List<GlobalDump.ArrayElement> elements) {
    var line = start(name);
    line.append('[');
    for (int i = 0; i < elements.size(); i++) {
      if (i > 0) line.append(',');
      line.append("{\"key\":[");
      var keys = elements.get(i).keys();
      for (int k = 0; k < keys.size(); k++) {
        if (k > 0) line.append(',');
        value(line, keys.get(k));
      }
      line.append("],\"value\":");
      value(line, elements.get(i).value());
      line.append('}');
    }
    line.append(']');
    finish(line);
  }

  private StringBuilder start(String name) {
    endRecord();
    var line = new StringBuilder("{\"type\":\"global\",\"name\":");
    string(line, name.getBytes(StandardCharsets.UTF_8));
    return line.append(",\"data\":");
  }

  private void finish(StringBuilder line) {
    line.append("}\n");
    target.write(line.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void value(StringBuilder out, ScriptValue v) {
    switch (v) {
      case LongValue l -> out.append(l.value());
      case StringValue s -> string(out, s.bytes());
      case StatSummary s -> {
        out.append("{\"count\":").append(s.count());
        if (!s.isEmpty()) {
          out.append(",\"sum\":").append(s.sum()).append(",\"min\":").append(s.min())
              .append(",\"max\":").append(s.max()).append(",\"avg\":").append(s.avg());
        }
        out.append('}');
      }
    }
  }

  /** A JSON string of UTF-8 bytes. */
  static void string(StringBuilder out, byte[] utf8) {
    String s = new String(utf8, StandardCharsets.UTF_8);
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
          else out.append(c);
        }
      }
    }
    out.append('"');
  }
}

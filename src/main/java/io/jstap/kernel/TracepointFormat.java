package io.jstap.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tracepoint's record layout, from tracefs {@code events/SYSTEM/EVENT/format}
 * (Documentation/trace/events.rst, "Event formats").
 */
public record TracepointFormat(String system, String event, int id, List<Field> fields, String printFormat) {
  public TracepointFormat {
    fields = List.copyOf(fields);
  }

  /**
   * One field. {@code cType} is the declaration without the name ({@code char[16]}, {@code
   * __data_loc char[]}, {@code const char *}); {@code common} marks the {@code common_*} header
   * fields every event shares.
   */
  public record Field(String name, String cType, int offset, int size, boolean signed, boolean common) {
    /** A {@code __data_loc} field: a u32 holding (length << 16 | offset) of data after the record. */
    public boolean dataLoc() {
      return cType.startsWith("__data_loc");
    }
  }

  /** The event's own fields, without the common header. */
  public List<Field> eventFields() {
    return fields.stream().filter(f -> !f.common()).toList();
  }

  public java.util.Optional<Field> field(String name) {
    return fields.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  private static final Pattern FIELD =
      Pattern.compile("^\\s*field:(.+?);\\s*offset:(\\d+);\\s*size:(\\d+);\\s*signed:(\\d+);");
  private static final Pattern ARRAY_SUFFIX = Pattern.compile("(\\[[^\\]]*\\])+$");
  private static final Pattern NAME_AT_END = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)$");

  /** Parses a format file's text for event {@code system:event}. */
  public static TracepointFormat parse(String system, String event, String text) {
    int id = -1;
    String print = "";
    var fields = new ArrayList<Field>();
    for (String line : text.split("\n")) {
      if (line.startsWith("ID:")) {
        id = Integer.parseInt(line.substring(3).trim());
      } else if (line.startsWith("print fmt:")) {
        print = line.substring("print fmt:".length()).trim();
      } else {
        Matcher m = FIELD.matcher(line);
        if (m.find()) fields.add(field(m.group(1).trim(), m.group(2), m.group(3), m.group(4)));
      }
    }
    if (id < 0) throw new TracefsException("format of " + system + ":" + event + " has no ID line");
    return new TracepointFormat(system, event, id, fields, print);
  }

  private static Field field(String decl, String offset, String size, String signed) {
    String array = "";
    Matcher a = ARRAY_SUFFIX.matcher(decl);
    if (a.find()) {
      array = a.group();
      decl = decl.substring(0, a.start()).trim();
    }
    Matcher n = NAME_AT_END.matcher(decl);
    if (!n.find()) throw new TracefsException("cannot read tracepoint field declaration '" + decl + "'");
    String name = n.group(1);
    String type = (decl.substring(0, n.start()).trim() + array).trim();
    return new Field(
        name, type, Integer.parseInt(offset), Integer.parseInt(size), !signed.equals("0"), name.startsWith("common_"));
  }
}

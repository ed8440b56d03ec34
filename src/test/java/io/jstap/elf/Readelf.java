package io.jstap.elf;

import io.jstap.testing.Command;
import io.jstap.testing.DebianPackage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What binutils' readelf says about a file, parsed for comparison. */
final class Readelf {
  private Readelf() {}

  static String program() {
    return DebianPackage.require("binutils", "/usr/bin/readelf").toString();
  }

  /** A row of readelf -sW, as text fields, the name without its version. */
  record Symbol(String table, long value, long size, String type, String bind, String vis,
      String ndx, String name) {}

  private static final Pattern SYMBOL_ROW = Pattern.compile(
      "\\s*(\\d+): ([0-9a-f]+)\\s+(0x[0-9a-f]+|\\d+) (\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+) ?(.*)");

  static List<Symbol> symbols(Path file) {
    var out = new ArrayList<Symbol>();
    String table = null;
    for (String line : Command.output(program(), "-sW", file.toString()).split("\n")) {
      if (line.startsWith("Symbol table '")) {
        table = line.substring(14, line.indexOf('\'', 14));
        continue;
      }
      Matcher m = SYMBOL_ROW.matcher(line);
      if (table == null || !m.matches() || m.group(1).equals("0")) {
        continue;
      }
      String name = m.group(8);
      int at = name.indexOf('@');
      if (at > 0) {
        name = name.substring(0, at);
      }
      String size = m.group(3);
      out.add(new Symbol(table, Long.parseUnsignedLong(m.group(2), 16),
          size.startsWith("0x") ? Long.parseLong(size.substring(2), 16) : Long.parseLong(size),
          m.group(4), m.group(5), m.group(6), m.group(7), name));
    }
    return out;
  }

  /** A LOAD row of readelf -lW. */
  record Load(long offset, long vaddr, long filesz, long memsz, String flags) {}

  private static final Pattern LOAD_ROW = Pattern.compile(
      "\\s*LOAD\\s+0x([0-9a-f]+) 0x([0-9a-f]+) 0x[0-9a-f]+ 0x([0-9a-f]+) 0x([0-9a-f]+) (.{3}) .*");

  static List<Load> loads(Path file) {
    var out = new ArrayList<Load>();
    for (String line : Command.output(program(), "-lW", file.toString()).split("\n")) {
      Matcher m = LOAD_ROW.matcher(line);
      if (m.matches()) {
        out.add(new Load(Long.parseLong(m.group(1), 16), Long.parseLong(m.group(2), 16),
            Long.parseLong(m.group(3), 16), Long.parseLong(m.group(4), 16), m.group(5).strip()));
      }
    }
    return out;
  }

  /** A stapsdt note of readelf -n. */
  record SdtNote(String provider, String name, long location, long base, long semaphore,
      String arguments) {}

  static List<SdtNote> sdtNotes(Path file) {
    var out = new ArrayList<SdtNote>();
    Map<String, String> fields = new LinkedHashMap<>();
    Pattern loc = Pattern.compile(
        "\\s*Location: 0x([0-9a-f]+), Base: 0x([0-9a-f]+), Semaphore: 0x([0-9a-f]+)");
    for (String line : Command.output(program(), "-n", file.toString()).split("\n")) {
      String t = line.strip();
      Matcher m = loc.matcher(line);
      if (t.startsWith("Provider: ")) {
        fields.clear();
        fields.put("provider", t.substring(10));
      } else if (t.startsWith("Name: ")) {
        fields.put("name", t.substring(6));
      } else if (m.matches()) {
        fields.put("location", m.group(1));
        fields.put("base", m.group(2));
        fields.put("semaphore", m.group(3));
      } else if (t.startsWith("Arguments:")) {
        out.add(new SdtNote(fields.get("provider"), fields.get("name"),
            Long.parseUnsignedLong(fields.get("location"), 16),
            Long.parseUnsignedLong(fields.get("base"), 16),
            Long.parseUnsignedLong(fields.get("semaphore"), 16), t.substring(10).strip()));
      }
    }
    return out;
  }

  static String buildId(Path file) {
    for (String line : Command.output(program(), "-n", file.toString()).split("\n")) {
      if (line.strip().startsWith("Build ID: ")) {
        return line.strip().substring(10);
      }
    }
    return null;
  }

  /** Section offsets by name, from readelf -SW. */
  static Map<String, Long> sectionOffsets(Path file) {
    var out = new LinkedHashMap<String, Long>();
    Pattern row = Pattern.compile(
        "\\s*\\[\\s*\\d+\\] (\\S+)\\s+\\S+\\s+[0-9a-f]+ ([0-9a-f]+) .*");
    for (String line : Command.output(program(), "-SW", file.toString()).split("\n")) {
      Matcher m = row.matcher(line);
      if (m.matches()) {
        out.put(m.group(1), Long.parseLong(m.group(2), 16));
      }
    }
    return out;
  }
}

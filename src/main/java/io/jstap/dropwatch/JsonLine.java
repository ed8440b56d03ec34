package io.jstap.dropwatch;

import java.util.List;
import java.util.Locale;

/** One JSON object on one line, built field by field (the shape {@code --json} prints). */
final class JsonLine {
  private final StringBuilder sb = new StringBuilder("{");

  JsonLine put(String key, String value) {
    key(key);
    if (value == null) sb.append("null");
    else quote(sb, value);
    return this;
  }

  JsonLine put(String key, long value) {
    key(key);
    sb.append(value);
    return this;
  }

  JsonLine put(String key, boolean value) {
    key(key);
    sb.append(value);
    return this;
  }

  JsonLine put(String key, double value) {
    key(key);
    sb.append(String.format(Locale.ROOT, "%.3f", value));
    return this;
  }

  JsonLine put(String key, JsonLine object) {
    key(key);
    sb.append(object);
    return this;
  }

  JsonLine put(String key, List<JsonLine> objects) {
    key(key);
    sb.append('[');
    for (int i = 0; i < objects.size(); i++) {
      if (i > 0) sb.append(',');
      sb.append(objects.get(i));
    }
    sb.append(']');
    return this;
  }

  private void key(String key) {
    if (sb.length() > 1) sb.append(',');
    quote(sb, key);
    sb.append(':');
  }

  static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          else sb.append(c);
        }
      }
    }
    sb.append('"');
  }

  @Override
  public String toString() {
    return sb + "}";
  }
}

package io.jstap.module;

import io.jstap.lang.Source;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the module's metadata: little-endian integers, length-prefixed UTF-8 strings, and
 * script sources kept once each in a pool (many spans point into the same source).
 */
final class MetadataOutput {
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private final Map<Source, Integer> pool = new HashMap<>();
  private final List<Source> sources = new java.util.ArrayList<>();

  interface Writer<T> {
    void write(MetadataOutput out, T value);
  }

  void u8(int v) {
    body.write(v);
  }

  void bool(boolean v) {
    body.write(v ? 1 : 0);
  }

  void i32(int v) {
    for (int i = 0; i < 4; i++) body.write(v >>> (8 * i));
  }

  void i64(long v) {
    for (int i = 0; i < 8; i++) body.write((int) (v >>> (8 * i)));
  }

  /** A string; null is written as length -1. */
  void str(String s) {
    if (s == null) {
      i32(-1);
      return;
    }
    bytes(s.getBytes(StandardCharsets.UTF_8));
  }

  void bytes(byte[] b) {
    i32(b.length);
    body.writeBytes(b);
  }

  void source(Source s) {
    Integer index = pool.get(s);
    if (index == null) {
      index = sources.size();
      pool.put(s, index);
      sources.add(s);
    }
    i32(index);
  }

  <T> void list(Collection<T> values, Writer<T> writer) {
    i32(values.size());
    for (T v : values) writer.write(this, v);
  }

  void strings(Collection<String> values) {
    list(values, MetadataOutput::str);
  }

  /** The pool of sources, then the body. */
  byte[] toBytes() {
    var head = new MetadataOutput();
    head.i32(sources.size());
    for (Source s : sources) {
      head.str(s.name());
      head.str(s.text());
    }
    head.body.writeBytes(body.toByteArray());
    return head.body.toByteArray();
  }
}

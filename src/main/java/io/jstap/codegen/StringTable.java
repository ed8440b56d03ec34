package io.jstap.codegen;

import io.jstap.bpf.MapSpec;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The string literals of all programs, NUL-terminated one after another in the value of one
 * read-only array map ({@value #MAP}): programs point into it (BPF_PSEUDO_MAP_VALUE) instead of
 * building literals on the stack, and bpf_strncmp and bpf_snprintf take their constant strings
 * from it, which the kernel accepts only from a frozen map.
 */
public final class StringTable {
  public static final String MAP = "strtab";

  private final Map<String, Integer> offsets = new LinkedHashMap<>();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final int minimumTail;

  /**
   * @param minimumTail bytes that must be readable after any literal's start (programs copy
   *     MAXSTRINGLEN bytes from a literal), so the value is padded to that
   */
  public StringTable(int minimumTail) {
    this.minimumTail = minimumTail;
    offsetOf(new byte[0]); // "" at offset 0
  }

  /** The offset of a literal (its bytes, one char per byte as in StringLit), adding it once. */
  public int offsetOf(byte[] literal) {
    String key = new String(literal, java.nio.charset.StandardCharsets.ISO_8859_1);
    return offsets.computeIfAbsent(key, k -> {
      int at = bytes.size();
      bytes.writeBytes(literal);
      bytes.write(0);
      return at;
    });
  }

  public int offsetOf(String text) {
    return offsetOf(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The map's one value: every literal, padded so any literal can be read for MAXSTRINGLEN. */
  public byte[] contents() {
    int size = bytes.size() + minimumTail;
    size = (size + 7) & ~7;
    byte[] out = new byte[size];
    byte[] b = bytes.toByteArray();
    System.arraycopy(b, 0, out, 0, b.length);
    return out;
  }

  public MapSpec spec() {
    return new MapSpec(MAP, io.jstap.bpf.MapType.ARRAY, 4, contents().length, 1,
        MapSpec.READ_ONLY_FOR_PROGRAMS);
  }
}

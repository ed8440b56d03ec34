package io.jstap.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A string value: bytes up to (not including) the first NUL. */
public record StringValue(byte[] bytes) implements ScriptValue {
  public StringValue {
    int nul = StapFormat.indexOfNul(bytes, bytes.length);
    bytes = nul < 0 ? bytes.clone() : Arrays.copyOf(bytes, nul);
  }

  public static StringValue of(String s) {
    return new StringValue(s.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  byte[] raw() {
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StringValue s && Arrays.equals(bytes, s.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "StringValue[" + new String(bytes, StandardCharsets.UTF_8) + "]";
  }
}

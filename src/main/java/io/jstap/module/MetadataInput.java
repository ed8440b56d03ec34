package io.jstap.module;

import io.jstap.lang.Source;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads what {@link MetadataOutput} wrote; anything out of place is a damaged module. */
final class MetadataInput {
  private final ByteBuffer in;
  private final List<Source> sources = new ArrayList<>();

  interface Reader<T> {
    T read(MetadataInput in) throws ModuleException;
  }

  MetadataInput(byte[] bytes) throws ModuleException {
    this.in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int n = count();
    for (int i = 0; i < n; i++) {
      String name = str();
      String text = str();
      if (name == null || text == null) throw damaged("a source without a name or text");
      sources.add(new Source(name, text));
    }
  }

  static ModuleException damaged(String what) {
    return new ModuleException("its metadata is damaged: " + what);
  }

  private void need(int n) throws ModuleException {
    if (n < 0 || in.remaining() < n) throw damaged("it ends early");
  }

  int u8() throws ModuleException {
    need(1);
    return in.get() & 0xff;
  }

  boolean bool() throws ModuleException {
    int b = u8();
    if (b > 1) throw damaged("a flag of value " + b);
    return b == 1;
  }

  int i32() throws ModuleException {
    need(4);
    return in.getInt();
  }

  long i64() throws ModuleException {
    need(8);
    return in.getLong();
  }

  /** A count of elements: not negative, and not more than the bytes left could hold. */
  int count() throws ModuleException {
    int n = i32();
    if (n < 0 || n > in.remaining()) throw damaged("a count of " + n);
    return n;
  }

  String str() throws ModuleException {
    int n = i32();
    if (n == -1) return null;
    need(n);
    byte[] b = new byte[n];
    in.get(b);
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      throw damaged("a string that is not UTF-8");
    }
  }

  String requiredStr() throws ModuleException {
    String s = str();
    if (s == null) throw damaged("a missing string");
    return s;
  }

  byte[] bytes() throws ModuleException {
    int n = count();
    byte[] b = new byte[n];
    in.get(b);
    return b;
  }

  Source source() throws ModuleException {
    int i = i32();
    if (i < 0 || i >= sources.size()) throw damaged("source " + i + " of " + sources.size());
    return sources.get(i);
  }

  <T> List<T> list(Reader<T> reader) throws ModuleException {
    int n = count();
    var out = new ArrayList<T>(n);
    for (int i = 0; i < n; i++) out.add(reader.read(this));
    return out;
  }

  List<String> strings() throws ModuleException {
    return list(MetadataInput::requiredStr);
  }

  <E extends Enum<E>> E enumValue(Class<E> type) throws ModuleException {
    String name = requiredStr();
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      throw damaged("unknown " + type.getSimpleName() + " " + name);
    }
  }

  void end() throws ModuleException {
    if (in.hasRemaining()) throw damaged(in.remaining() + " bytes left over");
  }
}

package io.jstap.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each operand of a format lies in a ring-buffer record, relative to the start of the
 * record's argument area (the bytes after the format id, which the runtime reads). The compiler
 * decides it and the BPF program writes it; {@link #pack} gives the natural layout.
 *
 * @param fields one per operand of the format, in operand order
 * @param size bytes of the argument area (a multiple of 8)
 */
public record RecordLayout(List<Field> fields, int size) {

  /**
   * One operand: LONG fields hold 8 bytes little-endian at an 8-aligned offset; STRING fields a
   * string ending at a NUL or at the end of the slot; MEMORY fields the bytes copied for
   * {@code %m}/{@code %M} ({@code capacity} at most).
   */
  public record Field(RecordKind kind, int offset, int capacity) {
    public Field {
      if (offset < 0) throw new IllegalArgumentException("negative offset " + offset);
      if (kind == RecordKind.LONG && (capacity != 8 || offset % 8 != 0)) {
        throw new IllegalArgumentException("a LONG field is 8 bytes at an 8-aligned offset");
      }
      if (capacity < 1) throw new IllegalArgumentException("capacity " + capacity + " < 1");
    }
  }

  public RecordLayout {
    fields = List.copyOf(fields);
    for (Field f : fields) {
      if (f.offset() + f.capacity() > size) {
        throw new IllegalArgumentException(
            "field at " + f.offset() + " (" + f.capacity() + " bytes) ends past size " + size);
      }
    }
  }

  /**
   * Operands in order, each LONG 8-aligned, each STRING {@code stringCapacity} bytes, each MEMORY
   * the conversion's fixed precision (1 when none) or {@code memoryCapacity} when the precision
   * is {@code *}; the area is padded to a multiple of 8.
   */
  public static RecordLayout pack(StapFormat format, int stringCapacity, int memoryCapacity) {
    var fields = new ArrayList<Field>();
    int offset = 0;
    for (Operand op : format.operands()) {
      switch (op.recordKind()) {
        case LONG -> {
          offset = align8(offset);
          fields.add(new Field(RecordKind.LONG, offset, 8));
          offset += 8;
        }
        case STRING -> {
          fields.add(new Field(RecordKind.STRING, offset, stringCapacity));
          offset += stringCapacity;
        }
        case MEMORY -> {
          int cap =
              switch (op.conversion().precision()) {
                case FieldSize.Fixed(int p) -> Math.max(p, 1);
                case FieldSize.Unspecified u -> 1;
                case FieldSize.FromArgument a -> memoryCapacity;
              };
          fields.add(new Field(RecordKind.MEMORY, offset, cap));
          offset += cap;
        }
      }
    }
    return new RecordLayout(fields, align8(offset));
  }

  private static int align8(int n) {
    return (n + 7) & ~7;
  }

  /** Throws when this layout does not carry the operands of {@code format}. */
  public void checkFits(StapFormat format) {
    var ops = format.operands();
    if (ops.size() != fields.size()) {
      throw new IllegalArgumentException(
          "format \"" + format.text() + "\" has " + ops.size() + " operands, layout has "
              + fields.size() + " fields");
    }
    for (int i = 0; i < ops.size(); i++) {
      if (ops.get(i).recordKind() != fields.get(i).kind()) {
        throw new IllegalArgumentException(
            "operand " + i + " of \"" + format.text() + "\" is " + ops.get(i).recordKind()
                + ", layout field is " + fields.get(i).kind());
      }
    }
  }
}

package io.jstap.format;

/**
 * The conversions SystemTap's printf accepts (staptree.cxx, {@code string_to_components}), with
 * the runtime routine that renders each (runtime/vsprintf.c).
 */
public enum ConversionKind {
  /** {@code %d}, {@code %i}: signed decimal. */
  SIGNED_DECIMAL(10),
  /** {@code %u}: the 64 bits as an unsigned decimal. */
  UNSIGNED_DECIMAL(10),
  /** {@code %o}: unsigned octal; {@code #} prefixes a 0 (also to zero: "00"). */
  OCTAL(8),
  /** {@code %x}: unsigned hex; {@code #} prefixes 0x (also to zero: "0x0"). */
  HEX(16),
  /** {@code %X}: as {@code %x} with upper-case digits and 0X. */
  HEX_UPPER(16),
  /** {@code %p}: since SystemTap 1.3 the same as {@code %#x}: 0x and no padding to a width. */
  POINTER(16),
  /** {@code %c}: the low byte of the value; {@code #} escapes it as C would. */
  CHAR(0),
  /** {@code %s}: a string; precision truncates; {@code 0} appends a NUL byte. */
  STRING(0),
  /** {@code %m}: bytes of memory at an address, as they are; precision is the byte count. */
  MEMORY(0),
  /** {@code %M}: bytes of memory at an address, as lower-case hex pairs. */
  MEMORY_HEX(0),
  /** {@code %b}: the value's bytes in host order; width or precision 1, 2, 4, 8 picks how many. */
  BINARY(0);

  private final int base;

  ConversionKind(int base) {
    this.base = base;
  }

  /** Number base for the integer conversions, 0 for the others. */
  public int base() {
    return base;
  }

  /** The script type of the value this conversion prints. */
  public ScriptType valueType() {
    return this == STRING ? ScriptType.STRING : ScriptType.LONG;
  }

  /** How the printed value travels in a ring-buffer record. */
  public RecordKind recordKind() {
    return switch (this) {
      case STRING -> RecordKind.STRING;
      case MEMORY, MEMORY_HEX -> RecordKind.MEMORY;
      case SIGNED_DECIMAL, UNSIGNED_DECIMAL, OCTAL, HEX, HEX_UPPER, POINTER, CHAR, BINARY ->
          RecordKind.LONG;
    };
  }
}

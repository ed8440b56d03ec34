package io.jstap.format;

/** How one operand of a format travels in a ring-buffer record. */
public enum RecordKind {
  /** 8 bytes, little-endian, 8-byte aligned. */
  LONG,
  /** A NUL-terminated string in a slot of fixed capacity (no NUL needed when it fills the slot). */
  STRING,
  /**
   * Raw bytes that the BPF program copied from the address a {@code %m}/{@code %M} operand
   * names (the script passes a long; the bytes, not the address, are printed).
   */
  MEMORY
}

package io.jstap.kernel;

/**
 * One field of a classic tracepoint's record, as the tracefs format file lists it
 * ({@code field:unsigned int nr_bytes; offset:20; size:4; signed:0;}).
 *
 * @param name the field name
 * @param cType the declaration's type as written in the format file (may include [N])
 * @param offset the byte offset in the record, counting the common fields
 * @param size the size in bytes
 * @param signed whether the format file says signed:1
 */
public record TracepointField(String name, String cType, int offset, int size, boolean signed) {}

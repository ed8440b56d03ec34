package io.jstap.elf;

/**
 * The .gnu_debuglink section: the name of the separate debug file and its CRC-32, as gdb and
 * the GNU tools look for it.
 *
 * @param file the debug file's name
 * @param crc32 the CRC-32 of the debug file's contents
 */
public record DebugLink(String file, int crc32) {}

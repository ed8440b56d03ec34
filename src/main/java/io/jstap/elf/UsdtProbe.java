package io.jstap.elf;

import java.util.List;

/**
 * A USDT probe point from .note.stapsdt (the SystemTap SDT note, version 3: see
 * https://sourceware.org/systemtap/wiki/UserSpaceProbeImplementation), with the addresses
 * already adjusted for prelinking and turned into file offsets for the uprobe.
 *
 * @param provider the provider name ({@code process("..").mark("name")} ignores it)
 * @param name the probe's name
 * @param address the probe's address (the nop the macro placed), a virtual address
 * @param fileOffset where that address is in the file: the uprobe's offset
 * @param semaphore the address of the probe's semaphore, 0 when it has none
 * @param semaphoreFileOffset where the semaphore is in the file (the uprobe's ref_ctr_offset), 0
 *     when it has none
 * @param arguments the arguments, parsed; empty for programs of machines other than x86-64,
 *     whose operand syntax differs (the text is still in {@code argumentText})
 * @param argumentText the argument string as written in the note
 */
public record UsdtProbe(String provider, String name, long address, long fileOffset,
    long semaphore, long semaphoreFileOffset, List<UsdtArgument> arguments,
    String argumentText) {
  public UsdtProbe {
    arguments = List.copyOf(arguments);
  }

  public boolean hasSemaphore() {
    return semaphore != 0;
  }
}

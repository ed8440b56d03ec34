package io.jstap.runtime;

import java.util.Locale;

/**
 * Addresses as symbols, for {@code symname()}, {@code symdata()}, {@code usymname()},
 * {@code usymdata()} and stack traces. Unknown addresses print in hex, as SystemTap prints them.
 */
public interface Symbols {
  /** The kernel function at {@code address} ({@code symname}), or its hex. */
  String kernelName(long address);

  /** {@code udp_queue_rcv_one_skb+0x1b4/0x6c0 [kernel]} ({@code symdata}), or the hex. */
  String kernelData(long address);

  /** The function at {@code address} in process {@code pid} ({@code usymname}), or the hex. */
  String userName(long pid, long address);

  /** {@code main+0x1b/0x40 [/usr/bin/prog]} ({@code usymdata}), or the hex. */
  String userData(long pid, long address);

  /**
   * The name of {@code value} in the kernel's {@code enum skb_drop_reason}, without its
   * SKB_DROP_REASON_ prefix ({@code NO_SOCKET}), read from BTF (the numbers change between
   * kernels); the number itself when it names none.
   */
  default String dropReason(long value) {
    return Long.toString(value);
  }

  static String hex(long address) {
    return "0x" + Long.toHexString(address).toLowerCase(Locale.ROOT);
  }

  /** No symbol tables: every address in hex. */
  Symbols NONE = new Symbols() {
    @Override
    public String kernelName(long address) {
      return hex(address);
    }

    @Override
    public String kernelData(long address) {
      return hex(address);
    }

    @Override
    public String userName(long pid, long address) {
      return hex(address);
    }

    @Override
    public String userData(long pid, long address) {
      return hex(address);
    }
  };
}

package io.jstap.kernel;

/**
 * An address expressed as a symbol plus an offset, as the kernel prints it with %pS
 * ({@code udp_queue_rcv_one_skb+0x1b4}), with the module in brackets when the symbol is in one.
 *
 * @param symbol the symbol's name
 * @param module the module's name, empty for the kernel image
 * @param symbolAddress the symbol's address
 * @param offset the distance from the symbol's address
 */
public record SymbolOffset(String symbol, String module, long symbolAddress, long offset) {
  @Override
  public String toString() {
    String text = symbol + "+0x" + Long.toHexString(offset);
    return module.isEmpty() ? text : text + " [" + module + "]";
  }
}

package io.jstap.errno;

/**
 * One error code name on one architecture family.
 *
 * @param name the symbolic name, e.g. {@code EIO}
 * @param number its number on the table's architecture
 * @param aliasOf the name it is another spelling of (EWOULDBLOCK is EAGAIN), or null
 * @param kernelInternal true for codes the kernel uses internally (ERESTARTSYS...): they show up
 *     in traces of kernel functions but never reach user space
 * @param description the C library's text for it ({@code strerror})
 */
public record ErrnoCode(
    String name, int number, String aliasOf, boolean kernelInternal, String description) {

  public boolean isAlias() {
    return aliasOf != null;
  }
}

package io.jstap.kernel;

import java.io.IOException;

/**
 * /proc/kallsyms shows every address as 0: kernel.kptr_restrict hides them from this user
 * (Documentation/admin-guide/sysctl/kernel.rst). Kernel addresses cannot be named then.
 */
public final class KernelAddressesHiddenException extends IOException {
  private static final long serialVersionUID = 1L;

  public KernelAddressesHiddenException(String source) {
    super(source + ": kernel addresses are hidden (kptr_restrict); run as root");
  }
}

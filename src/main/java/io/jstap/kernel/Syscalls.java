package io.jstap.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The system calls of x86-64 by number (its 64-bit ABI, arch/x86/entry/syscalls/syscall_64.tbl:
 * numbers are never reused). tracefs names each call's events after its entry point ({@code
 * sys_enter_newfstatat} for fstatat), so both names are kept.
 */
public final class Syscalls {
  private static Syscalls x86_64;

  private final Map<String, Integer> byEvent = new HashMap<>();
  private final Map<Integer, String> names = new HashMap<>();

  private Syscalls(String table) {
    for (String line : table.lines().toList()) {
      if (line.isBlank() || line.startsWith("#")) continue;
      String[] f = line.split("\t");
      int number = Integer.parseInt(f[0]);
      names.put(number, f[1]);
      if (!f[2].equals("-")) byEvent.put(f[2], number);
    }
  }

  /** The x86-64 table. */
  public static synchronized Syscalls x86_64() {
    if (x86_64 == null) {
      try (InputStream in = Syscalls.class.getResourceAsStream("syscalls-x86_64.tbl")) {
        if (in == null) throw new IllegalStateException("missing syscalls-x86_64.tbl");
        x86_64 = new Syscalls(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return x86_64;
  }

  /** The number of the call whose tracepoints are {@code sys_enter_EVENT}/{@code sys_exit_EVENT}. */
  public OptionalInt numberOfEvent(String event) {
    Integer n = byEvent.get(event);
    return n == null ? OptionalInt.empty() : OptionalInt.of(n);
  }

  /** The call's name ({@code openat}), or null for a number that is not a system call. */
  public String name(int number) {
    return names.get(number);
  }

  /** The highest number in the table. */
  public int maxNumber() {
    return names.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
  }
}

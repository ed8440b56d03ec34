package io.jstap.format;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** The C library's snprintf, through the FFM API: the reference for C-compatible formatting. */
final class LibcPrintf {
  private static final Linker LINKER = Linker.nativeLinker();
  private static final MemorySegment SNPRINTF =
      LINKER.defaultLookup().find("snprintf").orElseThrow();
  private static final MethodHandle WITH_LONG =
      LINKER.downcallHandle(
          SNPRINTF,
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_LONG,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_LONG),
          Linker.Option.firstVariadicArg(3));
  private static final MethodHandle WITH_POINTER =
      LINKER.downcallHandle(
          SNPRINTF,
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_LONG,
              ValueLayout.ADDRESS,
              ValueLayout.ADDRESS),
          Linker.Option.firstVariadicArg(3));

  private LibcPrintf() {}

  /** snprintf(buf, size, format, value) for a format taking one long long (or int for %c). */
  static byte[] withLong(String format, long value) {
    try (var arena = Arena.ofConfined()) {
      var buf = arena.allocate(512);
      int n = (int) WITH_LONG.invokeExact(buf, 512L, arena.allocateFrom(format), value);
      return buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  /** snprintf(buf, size, format, string) for a format taking one char *. */
  static byte[] withString(String format, byte[] string) {
    try (var arena = Arena.ofConfined()) {
      var buf = arena.allocate(512);
      var s = arena.allocate(string.length + 1);
      MemorySegment.copy(string, 0, s, ValueLayout.JAVA_BYTE, 0, string.length);
      int n = (int) WITH_POINTER.invokeExact(buf, 512L, arena.allocateFrom(format), s);
      return buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }
}

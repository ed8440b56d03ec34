package io.jstap.runtime;

import io.jstap.format.ScriptValue;
import io.jstap.format.StatSummary;
import java.util.List;
import java.util.Map;

/**
 * The globals of a running script, as the user-space handlers (begin, end, error, timers) see
 * them. When kernel probes run too, the globals live in BPF maps ({@link
 * io.jstap.codegen.StorageLayout}) and both sides share them; a script without kernel probes
 * keeps them in memory.
 *
 * <p>Values are {@link io.jstap.format.LongValue} and {@link
 * io.jstap.format.StringValue}; keys are lists of them, in the array's key order;
 * scalars are arrays with an empty key. Statistics are read as {@link StatSummary}.
 */
public interface GlobalStore {
  /** A scalar's value (0 or "" until written). */
  ScriptValue read(String global);

  void write(String global, ScriptValue value);

  /** An array element, or null when the array has no such key. */
  ScriptValue get(String array, List<ScriptValue> key);

  /**
   * Sets an array element.
   *
   * @throws ArrayFullException when the array holds its maximum number of elements
   *     (MAXMAPENTRIES or its declared size) and is not a wrapping ({@code %}) array
   */
  void put(String array, List<ScriptValue> key, ScriptValue value);

  boolean contains(String array, List<ScriptValue> key);

  void delete(String array, List<ScriptValue> key);

  /** Empties an array or statistic, or resets a scalar to 0 or "". */
  void clear(String global);

  /**
   * A snapshot of an array's elements (or of an array of statistics, as {@link StatSummary}
   * values), in no particular order.
   */
  List<Map.Entry<List<ScriptValue>, ScriptValue>> entries(String array);

  /**
   * Adds a sample to a statistic ({@code key} empty) or to an element of an array of them.
   *
   * @throws ArrayFullException when the sample would make a new element of a full array of
   *     statistics
   */
  void add(String stat, List<ScriptValue> key, long sample);

  /** A statistic's value merged over CPUs (empty statistics have count 0). */
  StatSummary stat(String stat, List<ScriptValue> key);

  /** Thrown by {@link #put} on a full array: SystemTap's "MAXMAPENTRIES exceeded" error. */
  final class ArrayFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ArrayFullException(String array, int max) {
      super("array '" + array + "' is full (" + max + " elements; raise MAXMAPENTRIES with -D,"
          + " size it with global " + array + "[N], or make it wrap with global " + array
          + "[N]%)");
    }
  }
}

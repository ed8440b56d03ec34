package io.jstap.format;

import io.jstap.format.FormatParse.Invalid;
import io.jstap.format.FormatParse.Parsed;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Prints the globals a script wrote but never read, at the end of the run, as SystemTap's
 * synthesized end probes do (elaborate.cxx, {@code add_global_var_display}):
 *
 * <pre>
 *   name=0x2a                                    long, printf "%#x"
 *   name="text"                                  string, printf "\"%#s\"" (no escaping)
 *   name @count=4 @min=1 @max=4 @sum=10 @avg=2   statistic, "%#d"
 *   name @count=0x0                              statistic without samples
 *   name["key",2]=0x4                            array element: string keys "%#s" in quotes,
 *                                                long keys "%#d", joined by ","
 * </pre>
 *
 * Arrays are printed as {@code foreach ([k...] in name-)}: by value, descending (longs as
 * signed, strings bytewise, statistics by @count); elements of equal value keep their given
 * order (SystemTap's sort is stable over its map's order).
 *
 * <p>Each line is one printf, cut at {@link FormatLimits#printBufferSize()} bytes.
 */
public final class GlobalDump {
  private GlobalDump() {}

  /** One element of an array global: its keys, in order, and its value. */
  public record ArrayElement(List<ScriptValue> keys, ScriptValue value) {
    public ArrayElement {
      keys = List.copyOf(keys);
      for (ScriptValue k : keys) {
        if (k instanceof StatSummary) {
          throw new IllegalArgumentException("an array key cannot be a statistic");
        }
      }
    }
  }

  /** Prints a scalar global. */
  public static void scalar(String name, ScriptValue value, FormatLimits limits, OutputBuffer out) {
    switch (value) {
      case LongValue(long v) -> format(name + "=%#x\\n").printf(args(v), limits, out);
      case StringValue s -> format(name + "=\"%#s\"\\n").printf(args(s.raw()), limits, out);
      case StatSummary s -> {
        if (s.isEmpty()) {
          format(name + " @count=0x0\\n").printf(new ValueArguments(0), limits, out);
        } else {
          format(name + STATS).printf(statArgs(s, new ValueArguments(5), 0), limits, out);
        }
      }
    }
  }

  private static final String STATS = " @count=%#d @min=%#d @max=%#d @sum=%#d @avg=%#d\\n";

  /** Prints an array global, one line per element, sorted as SystemTap sorts them. */
  public static void array(
      String name, List<ArrayElement> elements, FormatLimits limits, OutputBuffer out) {
    if (elements.isEmpty()) return;
    ArrayElement model = elements.getFirst();
    int keyCount = model.keys().size();
    for (ArrayElement e : elements) {
      if (e.keys().size() != keyCount) {
        throw new IllegalArgumentException(
            "elements of " + name + " have " + keyCount + " and " + e.keys().size() + " keys");
      }
      for (int i = 0; i < keyCount; i++) {
        if (e.keys().get(i).getClass() != model.keys().get(i).getClass()) {
          throw new IllegalArgumentException("key " + (i + 1) + " of " + name + " changes type");
        }
      }
      if (e.value().getClass() != model.value().getClass()) {
        throw new IllegalArgumentException("values of " + name + " change type");
      }
    }
    var sorted = new ArrayList<>(elements);
    sorted.sort(BY_VALUE_DESCENDING); // List.sort is stable
    ArrayElement first = sorted.getFirst();
    var text = new StringBuilder(name).append('[');
    for (int i = 0; i < first.keys().size(); i++) {
      if (i > 0) text.append(',');
      text.append(first.keys().get(i) instanceof StringValue ? "\"%#s\"" : "%#d");
    }
    text.append(']');
    text.append(
        switch (first.value()) {
          case LongValue l -> "=%#x\\n";
          case StringValue s -> "=\"%#s\"\\n";
          case StatSummary s -> STATS;
        });
    StapFormat format = format(text.toString());
    var args = new ValueArguments(format.operands().size());
    for (ArrayElement e : sorted) {
      for (int i = 0; i < keyCount; i++) set(args, i, e.keys().get(i));
      switch (e.value()) {
        case StatSummary s -> statArgs(s, args, keyCount);
        case ScriptValue v -> set(args, keyCount, v);
      }
      format.printf(args, limits, out);
    }
  }

  private static final Comparator<ArrayElement> BY_VALUE_DESCENDING =
      (a, b) -> compare(b.value(), a.value());

  private static int compare(ScriptValue a, ScriptValue b) {
    return switch (a) {
      case LongValue(long x) -> Long.compare(x, ((LongValue) b).value());
      case StringValue x -> java.util.Arrays.compareUnsigned(x.raw(), ((StringValue) b).raw());
      case StatSummary x -> Long.compare(x.count(), ((StatSummary) b).count());
    };
  }

  private static void set(ValueArguments args, int i, ScriptValue v) {
    switch (v) {
      case LongValue(long x) -> args.setLong(i, x);
      case StringValue s -> args.setBytes(i, s.raw());
      case StatSummary s -> throw new IllegalArgumentException("a statistic is not one value");
    }
  }

  private static ValueArguments statArgs(StatSummary s, ValueArguments args, int from) {
    // An element of a statistics array exists only once something was added to it.
    if (s.isEmpty()) throw new IllegalArgumentException("empty statistic in an array");
    return args.setLong(from, s.count())
        .setLong(from + 1, s.min())
        .setLong(from + 2, s.max())
        .setLong(from + 3, s.sum())
        .setLong(from + 4, s.avg());
  }

  private static ValueArguments args(long v) {
    return new ValueArguments(1).setLong(0, v);
  }

  private static ValueArguments args(byte[] v) {
    return new ValueArguments(1).setBytes(0, v);
  }

  /** The format for one line; {@code \n} in {@code text} stands for a newline. */
  private static StapFormat format(String text) {
    String withNewline = text.replace("\\n", "\n");
    return switch (StapFormat.parse(withNewline)) {
      case Parsed(StapFormat f) -> f;
      case Invalid(FormatError e) ->
          throw new IllegalArgumentException("global name gives a bad format: " + e.message());
    };
  }
}

package io.jstap.kernel;

import java.util.List;

/**
 * What jstap knows about one tracepoint: the arguments its probes receive (from BTF, for raw
 * tracepoints) and the fields of its record (from the tracefs format file, for classic
 * tracepoints). Either list is empty when the source that built this did not know it.
 *
 * @param name the tracepoint's name
 * @param arguments the raw arguments in order
 * @param fields the record fields after the common ones, in order
 * @param origin where the argument names came from, for -v messages (e.g. the BTF function
 *     {@code __probestub_kfree_skb}); empty when there are no arguments
 */
public record Tracepoint(TracepointName name, List<TracepointArgument> arguments,
    List<TracepointFormat.Field> fields, String origin) {
  public Tracepoint {
    arguments = List.copyOf(arguments);
    fields = List.copyOf(fields);
  }
}

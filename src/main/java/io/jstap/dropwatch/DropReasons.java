package io.jstap.dropwatch;

import io.jstap.errno.EditDistance;
import io.jstap.kernel.btf.Btf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The names of the kernel's drop reasons, as the running kernel numbers them (they change between
 * releases): {@code enum skb_drop_reason} in include/net/dropreason-core.h, read from BTF,
 * without its {@code SKB_DROP_REASON_} prefix ({@code NO_SOCKET}, {@code NETFILTER_DROP}).
 *
 * <p>Reasons of other subsystems carry the subsystem in their upper 16 bits
 * (SKB_DROP_REASON_SUBSYS_SHIFT, include/net/dropreason.h) and their own enums live in module
 * BTF; they are named {@code SUBSYSTEM/code}, e.g. {@code OPENVSWITCH/3}.
 */
public final class DropReasons {
  private static final String PREFIX = "SKB_DROP_REASON_";
  private static final String SUBSYS_PREFIX = "SKB_DROP_REASON_SUBSYS_";
  /** SKB_DROP_REASON_SUBSYS_SHIFT in include/net/dropreason.h. */
  private static final int SUBSYS_SHIFT = 16;

  private final Map<Long, String> names;
  private final Map<String, Long> numbers;
  private final Map<Long, String> subsystems;

  private DropReasons(Map<Long, String> names, Map<Long, String> subsystems) {
    this.names = names;
    this.subsystems = subsystems;
    var byName = new HashMap<String, Long>();
    names.forEach((n, s) -> byName.putIfAbsent(s, n));
    this.numbers = byName;
  }

  /** The reasons of the kernel whose BTF this is; none when the BTF has no such enum. */
  public static DropReasons of(Btf btf) {
    var names = new LinkedHashMap<Long, String>();
    btf.enumValues("skb_drop_reason")
        .ifPresent(
            values ->
                values.forEach(
                    (name, value) -> {
                      if (name.equals("SKB_DROP_REASON_MAX") || name.startsWith(SUBSYS_PREFIX)) return;
                      names.putIfAbsent(value, name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name);
                    }));
    var subsystems = new HashMap<Long, String>();
    btf.enumValues("skb_drop_reason_subsys")
        .ifPresent(
            values ->
                values.forEach(
                    (name, value) -> {
                      if (name.startsWith(SUBSYS_PREFIX) && !name.endsWith("_NUM")) {
                        subsystems.putIfAbsent(value, name.substring(SUBSYS_PREFIX.length()));
                      }
                    }));
    return new DropReasons(Collections.unmodifiableMap(names), subsystems);
  }

  /** Reasons from a table (tests, other kernels' lists). */
  public static DropReasons of(Map<Long, String> names) {
    return new DropReasons(Collections.unmodifiableMap(new LinkedHashMap<>(names)), Map.of());
  }

  /** The reason's name, {@code SUBSYSTEM/code} for other subsystems', or its number. */
  public String name(long reason) {
    String n = names.get(reason);
    if (n != null) return n;
    long subsystem = reason >>> SUBSYS_SHIFT;
    if (subsystem != 0) {
      String s = subsystems.getOrDefault(subsystem, "SUBSYS" + subsystem);
      return s + "/" + (reason & ((1L << SUBSYS_SHIFT) - 1));
    }
    return Long.toString(reason);
  }

  /**
   * The number of a reason given by a user: its name in any case, with or without the
   * {@code SKB_DROP_REASON_} prefix, or a number.
   */
  public OptionalLong number(String text) {
    String t = text.strip();
    if (!t.isEmpty() && Character.isDigit(t.charAt(0))) {
      try {
        return OptionalLong.of(t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t));
      } catch (NumberFormatException e) {
        return OptionalLong.empty();
      }
    }
    String upper = t.toUpperCase(Locale.ROOT);
    if (upper.startsWith(PREFIX)) upper = upper.substring(PREFIX.length());
    Long n = numbers.get(upper);
    return n == null ? OptionalLong.empty() : OptionalLong.of(n);
  }

  /** Names of reasons close to a misspelt one, best first (at most three). */
  public List<String> nearest(String text) {
    String upper = text.strip().toUpperCase(Locale.ROOT);
    var scored = new ArrayList<Map.Entry<String, Integer>>();
    for (String n : names.values()) {
      int d = EditDistance.between(upper, n);
      if (n.contains(upper) && upper.length() >= 3) d = Math.min(d, 1);
      if (d <= Math.max(2, upper.length() / 3)) scored.add(Map.entry(n, d));
    }
    scored.sort(Map.Entry.comparingByValue());
    var out = new ArrayList<String>();
    for (var e : scored) {
      if (out.size() == 3) break;
      out.add(e.getKey());
    }
    return out;
  }

  /** Every reason this kernel names, by number. */
  public Map<Long, String> all() {
    return names;
  }

  public boolean isEmpty() {
    return names.isEmpty();
  }
}

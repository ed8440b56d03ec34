package io.jstap.kernel;

import io.jstap.kernel.btf.Btf;
import io.jstap.kernel.btf.BtfKind;
import io.jstap.kernel.btf.BtfType;
import io.jstap.kernel.btf.FunctionSignature;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Raw tracepoints and their typed, named arguments, from the kernel's BTF alone.
 *
 * <p>include/linux/tracepoint.h and include/trace/bpf_probe.h leave these traces in vmlinux BTF
 * for every tracepoint {@code E} of class {@code C}:
 *
 * <ul>
 *   <li>{@code typedef void (*btf_trace_E)(void *__data, proto)}: the argument types the verifier
 *       checks BTF raw tracepoint programs against; its parameters have no names.
 *   <li>{@code __probestub_E(void *__data, proto)} (Linux 6.5+, for fprobe tracepoint events) and
 *       {@code __traceiter_E(void *__data, proto)} (Linux 5.10+): one per event, with the
 *       parameter names. bpftrace reads these two, in this order.
 *   <li>{@code __bpf_trace_C(void *__data, proto)}: one per event class, named after the class,
 *       which is the event's name unless DEFINE_EVENT shares a class (block_rq_error uses
 *       {@code __bpf_trace_block_rq_completion}).
 * </ul>
 *
 * The types come from the typedef; the names from the first function whose parameter types are
 * the same. When no function qualifies, a class function with the same types is searched for;
 * when none agrees either, the arguments are called {@code arg0, arg1, ...} and the origin says so.
 * BTF does not know subsystems: names have an empty subsystem and lookups match the event alone.
 * The events of the {@code syscalls} subsystem are made at boot from the system calls' metadata
 * (kernel/trace/trace_syscalls.c), not declared as tracepoints: BTF has none of them, and
 * looking them up does not open BTF.
 */
public final class BtfTracepoints implements TracepointCatalogue {
  static final String TYPEDEF_PREFIX = "btf_trace_";
  private static final List<String> NAMED_PREFIXES =
      List.of("__probestub_", "__traceiter_", "__bpf_trace_");
  private static final String CLASS_PREFIX = "__bpf_trace_";

  private final Supplier<Btf> types;
  private volatile Btf btf;
  private volatile List<TracepointName> names;
  private volatile int[] classFunctions;

  public BtfTracepoints(Btf btf) {
    this(() -> btf);
  }

  /** Over BTF that is read on first use (the supplier is asked once). */
  public BtfTracepoints(Supplier<Btf> btf) {
    this.types = btf;
  }

  private Btf btf() {
    Btf b = btf;
    if (b == null) {
      b = types.get();
      btf = b;
    }
    return b;
  }

  @Override
  public List<TracepointName> names() {
    List<TracepointName> list = names;
    if (list == null) {
      var all = new ArrayList<TracepointName>();
      Btf btf = btf();
      for (int id : btf.findByPrefix(BtfKind.TYPEDEF, TYPEDEF_PREFIX)) {
        all.add(new TracepointName("", btf.name(id).substring(TYPEDEF_PREFIX.length())));
      }
      all.sort(null);
      list = List.copyOf(all);
      names = list;
    }
    return list;
  }

  @Override
  public Optional<Tracepoint> find(String subsystem, String event) {
    if (subsystem.equals("syscalls")) {
      return Optional.empty();
    }
    Btf btf = btf();
    var typedef = btf.typedef(TYPEDEF_PREFIX + event);
    if (typedef.isEmpty()) {
      return Optional.empty();
    }
    var proto = btf.pointedPrototype(typedef.get().id());
    if (proto.isEmpty() || proto.get().params().isEmpty()) {
      return Optional.empty();
    }
    // The first parameter is the probe's private data pointer (void *__data), not an argument.
    List<BtfType.Param> params = proto.get().params();
    int[] types = params.subList(1, params.size()).stream().mapToInt(BtfType.Param::type)
        .toArray();
    String origin = null;
    List<String> argNames = null;
    for (String prefix : NAMED_PREFIXES) {
      var f = btf.function(prefix + event);
      if (f.isPresent() && sameTypes(f.get(), types)) {
        argNames = names(f.get());
        origin = "BTF function " + f.get().name();
        break;
      }
    }
    if (argNames == null) {
      var match = classWithTypes(types);
      if (match.isPresent()) {
        argNames = names(match.get());
        origin = "BTF function " + match.get().name() + " (event class with the same types)";
      }
    }
    if (argNames == null) {
      argNames = new ArrayList<>();
      for (int i = 0; i < types.length; i++) {
        argNames.add("arg" + i);
      }
      origin = "BTF type " + TYPEDEF_PREFIX + event + " (no parameter names in this kernel's BTF)";
    }
    var args = new ArrayList<TracepointArgument>(types.length);
    for (int i = 0; i < types.length; i++) {
      args.add(new TracepointArgument(i, argNames.get(i), types[i], btf.typeName(types[i])));
    }
    return Optional.of(new Tracepoint(new TracepointName("", event), args, List.of(), origin));
  }

  private static boolean sameTypes(FunctionSignature f, int[] types) {
    List<BtfType.Param> params = f.params();
    if (params.size() != types.length + 1) {
      return false;
    }
    for (int i = 0; i < types.length; i++) {
      if (params.get(i + 1).type() != types[i]) {
        return false;
      }
    }
    return true;
  }

  private static List<String> names(FunctionSignature f) {
    var out = new ArrayList<String>();
    for (BtfType.Param p : f.params().subList(1, f.params().size())) {
      out.add(p.name());
    }
    return out;
  }

  /** The one event-class function with these argument types, if all such agree on names. */
  private Optional<FunctionSignature> classWithTypes(int[] types) {
    Btf btf = btf();
    int[] candidates = classFunctions;
    if (candidates == null) {
      candidates = btf.findByPrefix(BtfKind.FUNC, CLASS_PREFIX);
      classFunctions = candidates;
    }
    FunctionSignature found = null;
    for (int id : candidates) {
      var f = btf.function(btf.name(id)).orElseThrow();
      if (!sameTypes(f, types)) {
        continue;
      }
      if (found != null && !names(found).equals(names(f))) {
        return Optional.empty();
      }
      if (found == null) {
        found = f;
      }
    }
    return Optional.ofNullable(found);
  }

  @Override
  public String toString() {
    return "BTF raw tracepoints";
  }
}

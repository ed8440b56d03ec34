package io.jstap.sema;

import io.jstap.lang.Diagnostic;
import io.jstap.lang.Diagnostics;
import io.jstap.lang.GlobPattern;
import io.jstap.lang.Span;
import io.jstap.lang.Suggestions;
import io.jstap.lang.ast.AliasDecl;
import io.jstap.lang.ast.Block;
import io.jstap.lang.ast.Decl;
import io.jstap.lang.ast.Expr;
import io.jstap.lang.ast.Literal;
import io.jstap.lang.ast.NumberLit;
import io.jstap.lang.ast.ProbeDecl;
import io.jstap.lang.ast.ProbePoint;
import io.jstap.lang.ast.ProbePoint.Component;
import io.jstap.lang.ast.Script;
import io.jstap.lang.ast.StringLit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Expands probe points into concrete probes: aliases (the tapset's and the script's, with
 * {@code =} prologues and {@code +=} epilogues, nested, with suffixes), wildcards (against
 * the tracepoints, functions and marks the {@link ProbeEnvironment} knows), and the {@code ?},
 * {@code !} and {@code if (...)} suffixes. Points that match nothing are reported with the
 * nearest existing names.
 */
public final class ProbeResolver {
  private static final int MAX_ALIAS_DEPTH = 32;
  private static final List<String> FAMILIES = List.of(
      "begin", "end", "error", "never", "timer", "perf", "kernel", "kprobe", "module",
      "process");

  private final List<AliasDecl> aliases = new ArrayList<>();
  private final Function<ProbePoint, List<AliasDecl>> generatedAliases;
  private final ProbeEnvironment env;
  private final Diagnostics diagnostics;
  private final String defaultProcess;
  private final List<AliasDecl> usedAliases = new ArrayList<>();

  /**
   * @param scripts the tapset and user scripts whose aliases apply
   * @param generatedAliases aliases made on demand for a probe point (the syscall tapset, made
   *     from the kernel's syscall tracepoints), or none
   * @param defaultProcess the executable {@code process.function(...)} without a path means
   *     (the {@code -c} command's), or null
   */
  public ProbeResolver(
      List<Script> scripts,
      Function<ProbePoint, List<AliasDecl>> generatedAliases,
      ProbeEnvironment env,
      Diagnostics diagnostics,
      String defaultProcess) {
    for (Script s : scripts) {
      for (Decl d : s.decls()) {
        if (d instanceof AliasDecl a) aliases.add(a);
      }
    }
    this.generatedAliases = generatedAliases;
    this.env = env;
    this.diagnostics = diagnostics;
    this.defaultProcess = defaultProcess;
  }

  /** The aliases that some resolved probe went through (their files' code is in use). */
  public List<AliasDecl> usedAliases() {
    return usedAliases;
  }

  /** Resolves every point of a probe declaration; {@code group} numbers its handler. */
  public List<ResolvedProbe> resolve(ProbeDecl decl, int group) {
    var out = new ArrayList<ResolvedProbe>();
    for (ProbePoint p : decl.points()) {
      var expansion = new Expansion(List.of(), List.of(), List.of(), false);
      var found = expand(p, decl, group, expansion, 0, p.optional());
      out.addAll(found);
      if (p.sufficient() && !found.isEmpty()) break;
    }
    return out;
  }

  /** What outer aliases contribute on the way down to a primitive probe point. */
  private record Expansion(
      List<Block> prologues, List<Block> epilogues, List<Expr> conditions, boolean optional) {
    Expansion through(AliasDecl alias, ProbePoint point) {
      var pro = new ArrayList<Block>();
      if (alias.prologue() != null) pro.add(alias.prologue());
      pro.addAll(prologues);
      var epi = new ArrayList<Block>(epilogues);
      if (alias.epilogue() != null) epi.add(alias.epilogue());
      return new Expansion(pro, epi, withCondition(point), optional || point.optional());
    }

    List<Expr> withCondition(ProbePoint point) {
      if (point.condition() == null) return conditions;
      var c = new ArrayList<Expr>(conditions);
      c.add(point.condition());
      return c;
    }
  }

  private List<ResolvedProbe> expand(
      ProbePoint point, ProbeDecl decl, int group, Expansion outer, int depth, boolean quiet) {
    if (depth > MAX_ALIAS_DEPTH) {
      diagnostics.error(point.span(), "probe alias expansion is too deep (a recursive alias?)");
      return List.of();
    }
    var viaAliases = expandAliases(point, decl, group, outer, depth, quiet);
    if (viaAliases.isPresent()) return viaAliases.get();

    var targets = primitive(point, quiet || outer.optional());
    var out = new ArrayList<ResolvedProbe>();
    for (ProbeTarget t : targets) {
      out.add(new ResolvedProbe(t, ProbePoints.text(t), decl, outer.prologues(),
          outer.epilogues(), outer.withCondition(point), outer.optional() || point.optional(),
          group));
    }
    return out;
  }

  /** Expands through matching aliases, or empty when no alias has this point's name. */
  private Optional<List<ResolvedProbe>> expandAliases(
      ProbePoint point, ProbeDecl decl, int group, Expansion outer, int depth, boolean quiet) {
    var candidates = new ArrayList<>(aliases);
    candidates.addAll(generatedAliases.apply(point));
    // Exact-length matches win over prefix matches (alias suffixes such as myalias.return).
    for (boolean prefix : new boolean[] {false, true}) {
      var out = new ArrayList<ResolvedProbe>();
      boolean matched = false;
      for (AliasDecl alias : candidates) {
        for (ProbePoint name : alias.names()) {
          var suffix = aliasSuffix(name, point, prefix);
          if (suffix == null) continue;
          matched = true;
          if (!usedAliases.contains(alias)) usedAliases.add(alias);
          var inner = outer.through(alias, point);
          for (ProbePoint q : alias.points()) {
            ProbePoint target = suffix.isEmpty() ? q : withSuffix(q, suffix);
            out.addAll(expand(target, decl, group, inner, depth + 1, true));
          }
        }
      }
      if (matched) {
        if (out.isEmpty() && !(quiet || outer.optional() || point.optional())) {
          diagnostics.error(point.span(), "probe point '" + ProbePoints.text(point)
              + "' matches an alias, but the alias resolves to nothing on this machine");
        }
        return Optional.of(out);
      }
    }
    return Optional.empty();
  }

  /**
   * The components of {@code point} past an alias name it matches, empty for an exact match,
   * or null when it does not match.
   */
  private static List<Component> aliasSuffix(ProbePoint aliasName, ProbePoint point, boolean prefix) {
    var names = aliasName.components();
    var comps = point.components();
    if (prefix ? comps.size() <= names.size() : comps.size() != names.size()) return null;
    for (int i = 0; i < names.size(); i++) {
      Component n = names.get(i);
      Component c = comps.get(i);
      if (!GlobPattern.matches(c.name(), n.name())) return null;
      if (!sameArgument(n.argument(), c.argument())) return null;
    }
    return comps.subList(names.size(), comps.size());
  }

  private static boolean sameArgument(Literal a, Literal b) {
    if (a == null || b == null) return a == b;
    return switch (a) {
      case NumberLit n -> b instanceof NumberLit m && n.value() == m.value();
      case StringLit s -> b instanceof StringLit t && GlobPattern.matches(t.value(), s.value());
    };
  }

  private static ProbePoint withSuffix(ProbePoint p, List<Component> suffix) {
    var comps = new ArrayList<>(p.components());
    comps.addAll(suffix);
    return new ProbePoint(p.span(), comps, p.optional(), p.sufficient(), p.condition());
  }

  // ---- primitive probe points --------------------------------------------------------------

  private List<ProbeTarget> primitive(ProbePoint point, boolean quiet) {
    var p = new PointReader(point);
    String family = p.name(0);
    List<ProbeTarget> found = switch (family) {
      case "begin" -> p.size() == 1 ? List.of(new ProbeTarget.Begin(p.numberOr(0, 0))) : null;
      case "end" -> p.size() == 1 ? List.of(new ProbeTarget.End(p.numberOr(0, 0))) : null;
      case "error" -> p.size() == 1 ? List.of(new ProbeTarget.ErrorProbe(p.numberOr(0, 0))) : null;
      case "never" -> p.size() == 1 ? List.of(new ProbeTarget.Never()) : null;
      case "timer" -> timer(p);
      case "perf" -> perf(p);
      case "kernel" -> kernel(p, quiet);
      case "kprobe" -> kprobe(p, quiet);
      case "module" -> module(p);
      case "process" -> process(p, quiet);
      default -> null;
    };
    if (found == null) {
      if (!quiet) unknownPoint(point);
      return List.of();
    }
    return found;
  }

  /**
   * SystemTap tapset families built on kernel functions alone (kprobes), which jstap's tapset
   * leaves out, and where to look instead.
   */
  private static final Map<String, String> KPROBE_FAMILIES = Map.ofEntries(
      Map.entry("tcp", "kernel.trace(\"tcp:*\") and syscall.sendmsg, syscall.recvfrom..."),
      Map.entry("udp", "kernel.trace(\"udp:*\"), kernel.trace(\"skb:kfree_skb\") and the"
          + " socket system calls"),
      Map.entry("vfs", "syscall.read, syscall.write... and kernel.trace(\"filemap:*\")"),
      Map.entry("generic", "syscall.read, syscall.write..."),
      Map.entry("socket", "kernel.trace(\"sock:*\") and syscall.socket, syscall.sendmsg..."),
      Map.entry("netfilter", "kernel.trace(\"skb:kfree_skb\") (drop reason NETFILTER_DROP)"),
      Map.entry("nfs", "kernel.trace(\"nfs:*\") where the nfs module is loaded"),
      Map.entry("nfsd", "kernel.trace(\"nfsd:*\") where the nfsd module is loaded"),
      Map.entry("sunrpc", "kernel.trace(\"sunrpc:*\") where the sunrpc module is loaded"),
      Map.entry("scsi", "kernel.trace(\"scsi:*\") and kernel.trace(\"block:*\")"),
      Map.entry("tty", "syscall.read and syscall.write on the terminal"),
      Map.entry("ipmib", "kernel.trace(\"skb:kfree_skb\") and kernel.trace(\"net:*\")"),
      Map.entry("tcpmib", "kernel.trace(\"tcp:*\")"),
      Map.entry("linuxmib", "kernel.trace(\"tcp:*\")"));

  private void unknownPoint(ProbePoint point) {
    String family = point.components().getFirst().name();
    var names = new LinkedHashSet<>(FAMILIES);
    for (AliasDecl a : aliases) {
      for (ProbePoint n : a.names()) names.add(n.components().getFirst().name());
    }
    names.add("syscall");
    String text = ProbePoints.text(point);
    Diagnostic d;
    if (!names.contains(family) && KPROBE_FAMILIES.containsKey(family)) {
      d = Diagnostic.error(point.components().getFirst().span(),
          "unknown probe point '" + text + "': SystemTap's " + family + ".* aliases are built"
              + " on kernel functions (kprobes), which jstap's tapset leaves out")
          .withHint("look at " + KPROBE_FAMILIES.get(family) + " (jstap -l lists them)");
    } else if (!names.contains(family)) {
      // the families of tapset files this script did not reach count too
      names.addAll(Tapset.aliasFamilies());
      d = Diagnostic.error(point.components().getFirst().span(),
          "unknown probe point '" + text + "'");
      String near = Suggestions.closest(family, names);
      if (near != null) d = d.withHint("did you mean '" + near + "'?");
      else d = d.withHint("probe points start with one of: " + String.join(", ", names));
    } else {
      var aliasNames = new ArrayList<String>();
      for (AliasDecl a : aliases) {
        for (ProbePoint n : a.names()) {
          if (n.components().getFirst().name().equals(family)) aliasNames.add(ProbePoints.text(n));
        }
      }
      d = Diagnostic.error(point.span(), "probe point '" + text + "' does not exist");
      String near = Suggestions.closest(text, aliasNames);
      if (near != null) d = d.withHint("did you mean '" + near + "'?");
      else d = d.withHint(familyHint(family));
    }
    diagnostics.report(d);
  }

  private static String familyHint(String family) {
    return switch (family) {
      case "timer" -> "timer probes are timer.s(N), .ms(N), .us(N), .ns(N), .hz(N), .jiffies(N)"
          + " (optionally .randomize(M)) and timer.profile";
      case "kernel" -> "kernel probes are kernel.trace(\"subsystem:event\") and"
          + " kernel.function(\"name\")[.return]";
      case "process" -> "process probes are process(\"path\").function(\"name\")[.return],"
          + " .statement(ADDRESS), .mark(\"name\"), .library(\"lib\").function(...),"
          + " process.begin and process.end";
      case "perf" -> "perf probes are perf.type(T).config(C)[.sample(N)|.hz(N)]";
      case "syscall" -> "syscall probes are syscall.NAME and syscall.NAME.return, for the"
          + " system calls this kernel has tracepoints for";
      default -> family + " takes no components";
    };
  }

  private List<ProbeTarget> timer(PointReader p) {
    if (p.size() == 2 && p.is(1, "profile") && !p.hasArg(1)) {
      return List.of(new ProbeTarget.PerfEvent(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK,
          hz(), true));
    }
    if (p.size() == 3 && p.is(1, "profile") && p.is(2, "tick")) {
      return List.of(new ProbeTarget.PerfEvent(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK,
          hz(), true));
    }
    if (p.size() < 2 || p.size() > 3 || !p.hasArg(1)) return null;
    Long unit = unitNanos(p.name(1));
    if (unit == null) return null;
    long n = p.number(1);
    if (n <= 0) {
      diagnostics.error(p.span(1), "a timer's interval must be positive");
      return List.of();
    }
    long period = p.name(1).equals("hz") ? 1_000_000_000L / n : n * unit;
    long random = 0;
    if (p.size() == 3) {
      if (!p.is(2, "randomize") || !p.hasArg(2)) return null;
      random = p.name(1).equals("hz") ? 0 : p.number(2) * unit;
    }
    return List.of(new ProbeTarget.Timer(period, random));
  }

  private long hz() {
    return 1_000_000_000L / env.jiffyNanos();
  }

  private Long unitNanos(String unit) {
    return switch (unit) {
      case "s", "sec" -> 1_000_000_000L;
      case "ms", "msec" -> 1_000_000L;
      case "us", "usec" -> 1_000L;
      case "ns", "nsec" -> 1L;
      case "hz" -> 1L;
      case "jiffies" -> env.jiffyNanos();
      default -> null;
    };
  }

  static final int PERF_TYPE_SOFTWARE = 1; // include/uapi/linux/perf_event.h
  static final long PERF_COUNT_SW_CPU_CLOCK = 0;

  private List<ProbeTarget> perf(PointReader p) {
    if (p.size() < 3 || p.size() > 4 || !p.is(1, "type") || !p.is(2, "config")) return null;
    if (!p.hasArg(1) || !p.hasArg(2)) return null;
    long period = 1_000_000;
    boolean frequency = false;
    if (p.size() == 4) {
      if (p.is(3, "sample") && p.hasArg(3)) period = p.number(3);
      else if (p.is(3, "hz") && p.hasArg(3)) {
        period = p.number(3);
        frequency = true;
      } else return null;
    }
    return List.of(new ProbeTarget.PerfEvent((int) p.number(1), p.number(2), period, frequency));
  }

  private List<ProbeTarget> kernel(PointReader p, boolean quiet) {
    if (p.size() == 2 && p.is(1, "trace") && p.hasString(1)) return tracepoints(p, quiet);
    if ((p.size() == 2 || p.size() == 3) && p.is(1, "function") && p.hasString(1)) {
      boolean ret = p.size() == 3 && p.is(2, "return");
      if (p.size() == 3 && !ret && !p.is(2, "call")) return null;
      return kernelFunctions(p, 1, ret, quiet);
    }
    return null;
  }

  private List<ProbeTarget> kprobe(PointReader p, boolean quiet) {
    if ((p.size() == 2 || p.size() == 3) && p.is(1, "function") && p.hasString(1)) {
      boolean ret = p.size() == 3 && p.is(2, "return");
      if (p.size() == 3 && !ret) return null;
      return kernelFunctions(p, 1, ret, quiet);
    }
    return null;
  }

  private List<ProbeTarget> module(PointReader p) {
    if (p.size() >= 3 && p.hasString(0) && p.is(1, "function") && p.hasString(1)) {
      boolean ret = p.size() == 3 && p.is(2, "return");
      // Module functions are kprobes too: the attach step reports the missing feature.
      return List.of(new ProbeTarget.KernelFunction(p.string(1), ret));
    }
    return null;
  }

  private List<ProbeTarget> kernelFunctions(PointReader p, int index, boolean ret, boolean quiet) {
    String pattern = stripFileSuffix(p.string(index));
    if (!GlobPattern.hasWildcards(pattern)) {
      // Existence is checked where kprobes exist (attach); the name is kept as written.
      return List.of(new ProbeTarget.KernelFunction(pattern, ret));
    }
    var out = new ArrayList<ProbeTarget>();
    for (String f : env.kernelFunctions()) {
      if (GlobPattern.matches(pattern, f)) out.add(new ProbeTarget.KernelFunction(f, ret));
    }
    if (out.isEmpty() && !quiet) {
      diagnostics.error(p.span(index), "no kernel function matches '" + pattern + "'");
    }
    return out;
  }

  private static String stripFileSuffix(String function) {
    int at = function.indexOf('@');
    return at < 0 ? function : function.substring(0, at);
  }

  private List<ProbeTarget> tracepoints(PointReader p, boolean quiet) {
    String pattern = p.string(1);
    String subsystemPattern;
    String eventPattern;
    int colon = pattern.indexOf(':');
    if (colon < 0) {
      subsystemPattern = "*";
      eventPattern = pattern;
    } else {
      subsystemPattern = pattern.substring(0, colon);
      eventPattern = pattern.substring(colon + 1);
    }
    var out = new ArrayList<ProbeTarget>();
    if (colon > 0 && !GlobPattern.hasWildcards(pattern)
        && env.hasTracepoint(subsystemPattern, eventPattern)) {
      return List.of(new ProbeTarget.Tracepoint(subsystemPattern, eventPattern));
    }
    List<String> all = env.tracepoints();
    List<String> candidates = GlobPattern.hasWildcards(eventPattern)
        ? all : tracepointsByEvent().getOrDefault(eventPattern, List.of());
    for (String tp : candidates) {
      int c = tp.indexOf(':');
      String sub = tp.substring(0, c);
      String event = tp.substring(c + 1);
      if (GlobPattern.matches(subsystemPattern, sub) && GlobPattern.matches(eventPattern, event)) {
        out.add(new ProbeTarget.Tracepoint(sub, event));
      }
    }
    if (out.isEmpty() && !quiet) {
      var d = Diagnostic.error(p.span(1), "no tracepoint matches \"" + pattern + "\"");
      String near = Suggestions.closest(pattern, colon < 0
          ? all.stream().map(t -> t.substring(t.indexOf(':') + 1)).toList() : all);
      if (near != null) d = d.withHint("did you mean \"" + near + "\"?");
      else if (all.isEmpty()) d = d.withHint("this machine lists no tracepoints");
      else d = d.withHint("list them with: jstap -l 'kernel.trace(\"*\")'");
      diagnostics.report(d);
    }
    return out;
  }

  private Map<String, List<String>> tracepointsByEvent;

  /** The machine's tracepoints ("subsystem:event") by event name, in the machine's order. */
  private Map<String, List<String>> tracepointsByEvent() {
    if (tracepointsByEvent == null) {
      tracepointsByEvent = new HashMap<>();
      for (String tp : env.tracepoints()) {
        tracepointsByEvent.computeIfAbsent(tp.substring(tp.indexOf(':') + 1),
            k -> new ArrayList<>(1)).add(tp);
      }
    }
    return tracepointsByEvent;
  }

  private List<ProbeTarget> process(PointReader p, boolean quiet) {
    // process[("path"|PID)][.library("lib")].function("f")[.return|.call] | .statement(N)
    //   | [.provider("p")].mark("m") | .begin | .end
    int i = 1;
    String binary = null;
    long pid = 0;
    if (p.hasArg(0)) {
      if (p.hasString(0)) {
        var resolved = env.resolveBinary(p.string(0), false);
        if (resolved.isEmpty()) {
          if (!quiet) {
            diagnostics.report(Diagnostic.error(p.span(0), "no executable '" + p.string(0)
                + "' found").withHint("give an absolute path, or a program on PATH"));
          }
          return List.of();
        }
        binary = resolved.get();
        var why = env.notAProgram(binary);
        if (why.isPresent()) {
          if (!quiet) diagnostics.error(p.span(0), why.get());
          return List.of();
        }
      } else {
        pid = p.number(0);
        var exe = env.executableOf(pid);
        if (exe.isEmpty()) {
          if (!quiet) diagnostics.error(p.span(0), "no process with pid " + pid);
          return List.of();
        }
        binary = exe.get();
      }
    }
    if (p.size() == 2 && !p.hasArg(1) && (p.is(1, "begin") || p.is(1, "end"))) {
      return List.of(new ProbeTarget.ProcessLifecycle(binary, pid, p.is(1, "end")));
    }
    if (binary == null) binary = defaultProcess;
    if (p.size() > i && p.is(i, "library") && p.hasString(i)) {
      if (binary == null) {
        if (!quiet) missingProgram(p);
        return List.of();
      }
      String pattern = p.string(i);
      var libraries = env.resolveLibraries(binary, pattern);
      if (libraries.isEmpty()) {
        if (!quiet) {
          diagnostics.report(Diagnostic.error(p.span(i), "no shared library '" + pattern
              + "' found for " + binary).withHint("give its path, or a name of one of the"
              + " libraries the program loads (ldd " + binary + " lists them)"));
        }
        return List.of();
      }
      int at = i + 1;
      if (p.size() <= at) return null;
      var out = new ArrayList<ProbeTarget>();
      for (String library : libraries) {
        var found = inBinary(p, at, library, pid, binary, quiet || libraries.size() > 1);
        if (found == null) return null;
        out.addAll(found);
      }
      if (out.isEmpty() && libraries.size() > 1 && !quiet) {
        diagnostics.error(p.span(at), "no '" + (p.hasArg(at) ? p.string(at) : p.name(at))
            + "' in any of the " + libraries.size() + " libraries matching '" + pattern + "'");
      }
      return out;
    }
    if (p.size() <= i) return null;
    if (binary == null) {
      if (!quiet) missingProgram(p);
      return List.of();
    }
    return inBinary(p, i, binary, pid, null, quiet);
  }

  private void missingProgram(PointReader p) {
    diagnostics.report(Diagnostic.error(p.span(0), "process probe without a program")
        .withHint("name it, process(\"/path/to/program\"), or run one with -c CMD"));
  }

  /**
   * The probes of components {@code i}... ({@code .function}, {@code .statement}, {@code
   * .mark}) in one ELF file; null when the components are not a process probe.
   *
   * @param program the executable whose processes only (for a library's probes), or null
   */
  private List<ProbeTarget> inBinary(
      PointReader p, int i, String binary, long pid, String program, boolean quiet) {
    if (p.is(i, "function") && p.hasString(i)) {
      boolean ret = false;
      if (p.size() == i + 2) {
        if (p.is(i + 1, "return")) ret = true;
        else if (!p.is(i + 1, "call")) return null;
      } else if (p.size() != i + 1) return null;
      return processFunctions(p, i, binary, pid, ret, program, quiet);
    }
    if (p.is(i, "statement") && p.size() == i + 1 && p.hasArg(i) && !p.hasString(i)) {
      return List.of(new ProbeTarget.ProcessStatement(binary, pid, p.number(i), program));
    }
    String provider = null;
    if (p.is(i, "provider") && p.hasString(i)) {
      provider = p.string(i);
      i++;
    }
    if (p.size() == i + 1 && p.is(i, "mark") && p.hasString(i)) {
      return marks(p, i, binary, pid, provider, program, quiet);
    }
    return null;
  }

  /** At most this many names in a "nearest names" hint. */
  private static final int NEAREST = 5;

  private List<ProbeTarget> processFunctions(PointReader p, int i, String binary, long pid,
      boolean ret, String program, boolean quiet) {
    String pattern = stripFileSuffix(p.string(i));
    var functions = env.functions(binary);
    var out = new ArrayList<ProbeTarget>();
    for (String f : functions) {
      if (GlobPattern.matches(pattern, f)) {
        out.add(new ProbeTarget.ProcessFunction(binary, pid, f, ret, program));
      }
    }
    if (out.isEmpty() && !GlobPattern.hasWildcards(pattern)
        && env.hasUnnamedFunction(binary, pattern)) {
      out.add(new ProbeTarget.ProcessFunction(binary, pid, pattern, ret, program));
    }
    if (out.isEmpty() && !quiet) diagnostics.report(noFunction(p, i, binary, pattern, functions));
    return out;
  }

  /**
   * "no function": with what the binary tells of the name (a function it imports: the
   * library to probe instead; a stripped binary: only exported names exist) and the nearest
   * names it has.
   */
  private Diagnostic noFunction(
      PointReader p, int i, String binary, String pattern, List<String> functions) {
    var d = Diagnostic.error(p.span(i), "no function '" + pattern + "' in " + binary);
    var why = GlobPattern.hasWildcards(pattern) ? Optional.<ProbeEnvironment.MissingFunction>empty()
        : env.whyNoFunction(binary, pattern);
    var near = nearest(pattern, functions);
    if (why.isPresent() && why.get().importedFrom() != null
        && (near.isEmpty() || why.get().imported().equals(pattern))) {
      String lib = why.get().importedFrom();
      String name = lib.substring(lib.lastIndexOf('/') + 1);
      String f = why.get().imported();
      return d.withHint((f.equals(pattern) ? "" : "did you mean \"" + f + "\"? ") + binary
          + " calls " + f + " from " + lib + ": probe it there, process(\"" + binary
          + "\").library(\"" + name + "\").function(\"" + f + "\")");
    }
    var hints = new ArrayList<String>();
    if (near.size() == 1) hints.add("did you mean \"" + near.getFirst() + "\"?");
    else if (!near.isEmpty()) hints.add("nearest names: " + String.join(", ", near));
    if (functions.isEmpty()) {
      hints.add(binary + " has no function symbols; probe an address with"
          + " .statement(0xADDRESS)");
    } else if (why.isPresent() && why.get().stripped()) {
      hints.add(binary + " is stripped: only the " + why.get().exportedFunctions()
          + " functions it exports (.dynsym) have names; probe a static function at its"
          + " address with .statement(0xADDRESS)");
    }
    return hints.isEmpty() ? d : d.withHint(String.join("\nhint: ", hints));
  }

  /**
   * Names close to {@code pattern}: within a small edit distance first, then names that
   * contain it or that it contains (a prefix such as "virtio_blk" finds its functions).
   */
  static List<String> nearest(String pattern, List<String> names) {
    String key = pattern.replace("*", "").replace("?", "");
    var out = new ArrayList<String>();
    String closest = Suggestions.closest(key, names);
    if (closest != null) out.add(closest);
    if (key.length() >= 3) {
      for (String n : names) {
        if (out.size() >= NEAREST) break;
        if (!out.contains(n) && (n.contains(key) || key.contains(n) && n.length() >= 4)) {
          out.add(n);
        }
      }
    }
    return out;
  }

  private List<ProbeTarget> marks(PointReader p, int i, String binary, long pid,
      String provider, String program, boolean quiet) {
    String pattern = p.string(i);
    var marks = env.marks(binary);
    var out = new ArrayList<ProbeTarget>();
    for (String m : marks) {
      int c = m.indexOf(':');
      String prov = m.substring(0, c);
      String name = m.substring(c + 1);
      // SystemTap compares mark names with '-' and '_' alike (marks come from C macros).
      String normalized = name.replace("__", "-");
      if ((provider == null || GlobPattern.matches(provider, prov))
          && (GlobPattern.matches(pattern, name) || GlobPattern.matches(pattern, normalized))) {
        out.add(new ProbeTarget.ProcessMark(binary, pid, prov, name, program));
      }
    }
    if (out.isEmpty() && !quiet) {
      var d = Diagnostic.error(p.span(i), "no USDT mark '" + pattern + "' in " + binary);
      var names = marks.stream().map(m -> m.substring(m.indexOf(':') + 1)).distinct().toList();
      var near = nearest(pattern, names);
      if (near.size() == 1) d = d.withHint("did you mean \"" + near.getFirst() + "\"?");
      else if (!near.isEmpty()) d = d.withHint("nearest marks: " + String.join(", ", near));
      else if (marks.isEmpty()) d = d.withHint(binary + " has no USDT marks (.note.stapsdt)");
      else if (names.size() <= 2 * NEAREST) d = d.withHint("its marks: " + String.join(", ", names));
      diagnostics.report(d);
    }
    return out;
  }

  /** Reads a probe point's components by index. */
  private record PointReader(ProbePoint point) {
    int size() {
      return point.components().size();
    }

    String name(int i) {
      return point.components().get(i).name();
    }

    boolean is(int i, String name) {
      return i < size() && name(i).equals(name);
    }

    boolean hasArg(int i) {
      return point.components().get(i).argument() != null;
    }

    boolean hasString(int i) {
      return point.components().get(i).argument() instanceof StringLit;
    }

    String string(int i) {
      return ((StringLit) point.components().get(i).argument()).text();
    }

    long number(int i) {
      return switch (point.components().get(i).argument()) {
        case NumberLit n -> n.value();
        case StringLit s -> {
          try {
            yield Long.decode(s.text().strip());
          } catch (NumberFormatException e) {
            yield 0;
          }
        }
      };
    }

    long numberOr(int i, long fallback) {
      return hasArg(i) ? number(i) : fallback;
    }

    Span span(int i) {
      return point.components().get(i).span();
    }
  }
}

package io.jstap.sema;

import io.jstap.lang.Diagnostics;
import io.jstap.lang.Frontend;
import io.jstap.lang.GlobPattern;
import io.jstap.lang.MacroLibrary;
import io.jstap.lang.PreprocessorContext;
import io.jstap.lang.Source;
import io.jstap.lang.ast.AliasDecl;
import io.jstap.lang.ast.Block;
import io.jstap.lang.ast.Call;
import io.jstap.lang.ast.Decl;
import io.jstap.lang.ast.EmbeddedCode;
import io.jstap.lang.ast.Expr;
import io.jstap.lang.ast.FunctionDecl;
import io.jstap.lang.ast.GlobalDecl;
import io.jstap.lang.ast.Nodes;
import io.jstap.lang.ast.ProbeDecl;
import io.jstap.lang.ast.ProbePoint;
import io.jstap.lang.ast.Script;
import io.jstap.lang.ast.Variable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * jstap's tapset: the library scripts every script may use (functions and aliases written in
 * SystemTap's language, shipped in the jar, listed in its INDEX), plus the {@code .stp} files
 * of {@code -I} folders; and jstap's macro files ({@code .stpm}: {@code @choose_defined} and
 * the others SystemTap ships), which every script and tapset file is parsed with.
 *
 * <p>Only what a script reaches is read: a tapset file is parsed when the script (or a file
 * already parsed for it) calls a function, reads a global or probes an alias family the file
 * defines, and a macro file when a macro it defines is used. The INDEX lists what each file
 * defines ({@link #defines} reads it from a file's text; a test keeps the two in step), so a
 * script that uses none of the tapset reads nothing but the INDEX.
 */
public final class Tapset {
  private static final String FOLDER = "/io/jstap/tapset/";
  /** The lines of a tapset file's text that define names (compiled only where asked: tests). */
  private static final class Definitions {
    static final Pattern FUNCTION = Pattern.compile(
        "(?m)^\\s*(?:@__private30\\s+|private\\s+)?function\\s+([A-Za-z_][A-Za-z_0-9]*)");
    static final Pattern ALIAS = Pattern.compile(
        "(?m)^\\s*probe\\s+([A-Za-z_][A-Za-z_0-9]*)[^={\\n]*\\+?=");
    static final Pattern GLOBAL = Pattern.compile(
        "(?m)^\\s*(?:@__private30\\s+|private\\s+)?global\\s+([^\\n]*)");
    static final Pattern DEFINE = Pattern.compile("@define\\s+([A-Za-z_][A-Za-z_0-9]*)");
  }

  private Tapset() {}

  /**
   * A tapset file and the names it defines: functions, alias families and globals of a .stp
   * file, the macros of a .stpm file.
   */
  record Entry(String file, List<String> defines) {
    Source source() {
      return new Source("<tapset>/" + file, read(FOLDER + file));
    }
  }

  /** jstap's own tapset files and those of {@code includeDirs}, every one parsed. */
  public static List<Script> load(
      PreprocessorContext context, MacroLibrary macros, List<Path> includeDirs,
      Diagnostics diagnostics) {
    var sources = new ArrayList<>(builtInSources());
    sources.addAll(includeSources(includeDirs));
    return parse(sources, context, macros, diagnostics);
  }

  /**
   * Tapset files, parsed (a module keeps the sources it was compiled with, and parses them).
   * jstap's own files are written with jstap's macros, whatever {@code macros} holds.
   */
  public static List<Script> parse(
      List<Source> sources, PreprocessorContext context, MacroLibrary macros,
      Diagnostics diagnostics) {
    MacroLibrary own = macros.over(macros(context, diagnostics));
    var scripts = new ArrayList<Script>();
    for (Source source : sources) {
      scripts.add(Frontend.parseTapset(source, context, own, diagnostics));
    }
    return scripts;
  }

  /** The tapset files a script reaches: their sources (what a module keeps), parsed. */
  public record Reached(List<Source> sources, List<Script> scripts) {}

  /**
   * The tapset files {@code script} reaches: every one of {@code includeSources} (the {@code
   * -I} folders'), and those of jstap's own that define what the script, or a file it reaches,
   * uses.
   */
  public static Reached reach(
      Script script, List<Source> includeSources, PreprocessorContext context,
      MacroLibrary macros, Diagnostics diagnostics) {
    var sources = new ArrayList<>(includeSources);
    var scripts = parse(includeSources, context, macros, diagnostics);
    var wanted = new HashSet<String>();
    names(script, wanted);
    for (Script s : scripts) names(s, wanted);
    // what the script declares itself is its own, even when a tapset file has the name (a
    // global argv of the script's does not bring argv.stp)
    for (Decl d : script.decls()) {
      if (d instanceof GlobalDecl g) g.variables().forEach(v -> wanted.remove(v.name()));
    }
    MacroLibrary own = macros.over(macros(context, diagnostics));
    var pending = new ArrayList<Entry>();
    for (Entry e : index()) if (e.file().endsWith(".stp")) pending.add(e);
    boolean grew = true;
    while (grew) {
      grew = false;
      for (var it = pending.iterator(); it.hasNext(); ) {
        Entry e = it.next();
        if (e.defines().stream().noneMatch(wanted::contains)) continue;
        it.remove();
        Source source = e.source();
        Script parsed = Frontend.parseTapset(source, context, own, diagnostics);
        sources.add(source);
        scripts.add(parsed);
        names(parsed, wanted);
        grew = true;
      }
    }
    return new Reached(List.copyOf(sources), List.copyOf(scripts));
  }

  /** jstap's own tapset files, from the jar (every one: listings show them all). */
  public static List<Source> builtInSources() {
    var sources = new ArrayList<Source>();
    for (Entry e : index()) if (e.file().endsWith(".stp")) sources.add(e.source());
    return sources;
  }

  /**
   * The first components of the probe aliases jstap's tapset defines ({@code scheduler},
   * {@code ioblock}...), for messages about unknown probe points: it reads every file.
   */
  static java.util.Set<String> aliasFamilies() {
    var families = new java.util.TreeSet<String>();
    var alias = java.util.regex.Pattern.compile("(?m)^probe\\s+([A-Za-z_][A-Za-z0-9_]*)");
    for (Source s : builtInSources()) {
      var m = alias.matcher(s.text());
      while (m.find()) {
        if (!m.group(1).startsWith("__")) families.add(m.group(1)); // internal ones
      }
    }
    return families;
  }

  /** The {@code .stp} files under {@code includeDirs}, in order. */
  public static List<Source> includeSources(List<Path> includeDirs) {
    var sources = new ArrayList<Source>();
    for (Path dir : includeDirs) {
      for (Path file : stpFiles(dir)) {
        try {
          sources.add(new Source(file.toString(), Files.readString(file)));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read tapset file " + file, e);
        }
      }
    }
    return sources;
  }

  /**
   * jstap's own macros, for {@link MacroLibrary#over}: a macro a {@code -I} folder's file
   * defines too is the folder's. Each file is read when one of its macros is first used.
   */
  public static MacroLibrary macros(PreprocessorContext context, Diagnostics diagnostics) {
    var loaders = new HashMap<String, Supplier<MacroLibrary>>();
    for (Entry e : index()) {
      if (!e.file().endsWith(".stpm")) continue;
      Supplier<MacroLibrary> file = new Supplier<>() {
        private MacroLibrary loaded;

        @Override
        public MacroLibrary get() {
          if (loaded == null) {
            loaded = MacroLibrary.load(List.of(e.source()), context, diagnostics);
          }
          return loaded;
        }
      };
      for (String macro : e.defines()) loaders.put(macro, file);
    }
    return MacroLibrary.onDemand(loaders);
  }

  /** The names a script uses that a tapset file may define. */
  private static void names(Script script, Set<String> out) {
    for (Decl d : script.decls()) {
      switch (d) {
        case ProbeDecl p -> {
          points(p.points(), out);
          expressions(p.body(), out);
        }
        case AliasDecl a -> {
          points(a.points(), out);
          if (a.prologue() != null) expressions(a.prologue(), out);
          if (a.epilogue() != null) expressions(a.epilogue(), out);
        }
        case FunctionDecl f -> {
          // a parameter is the function's own, even when a tapset global has its name
          var used = new HashSet<String>();
          if (f.body() instanceof Block b) expressions(b, used);
          for (FunctionDecl.Param p : f.params()) used.remove(p.name());
          out.addAll(used);
        }
        case GlobalDecl g -> {}
        case EmbeddedCode e -> {}
      }
    }
  }

  private static void points(List<ProbePoint> points, Set<String> out) {
    for (ProbePoint p : points) {
      String family = p.components().getFirst().name();
      out.add(family);
      // The syscall aliases are made from the kernel's tracepoints; their retstr is
      // return_str(), which errno.stp defines (nd_syscall.* leads there too).
      if (family.equals("syscall") || family.equals("nd_syscall")) {
        out.add("return_str");
        // open's and openat's argstr names their flags (syscall_args.stp)
        String call = p.components().size() > 1 ? p.components().get(1).name() : "";
        if (GlobPattern.matches(call, "open") || GlobPattern.matches(call, "openat")) {
          out.add("_sys_open_flag_str");
        }
      }
      if (p.condition() != null) Nodes.expressions(p.condition(), e -> name(e, out));
    }
  }

  private static void expressions(Block b, Set<String> out) {
    Nodes.expressions(b, e -> name(e, out));
  }

  private static void name(Expr e, Set<String> out) {
    if (e instanceof Call c) out.add(c.function());
    if (e instanceof Variable v) out.add(v.name());
  }

  /**
   * What a tapset file's text defines, as its INDEX line should list it: the functions, alias
   * families and globals of a .stp file, the macros of a .stpm file.
   */
  static List<String> defines(String file, String text) {
    var names = new LinkedHashMap<String, Boolean>();
    if (file.endsWith(".stpm")) {
      Matcher m = Definitions.DEFINE.matcher(text);
      while (m.find()) names.put(m.group(1), true);
      return List.copyOf(names.keySet());
    }
    for (Pattern p : List.of(Definitions.FUNCTION, Definitions.ALIAS)) {
      Matcher m = p.matcher(text);
      while (m.find()) names.put(m.group(1), true);
    }
    Matcher g = Definitions.GLOBAL.matcher(text);
    while (g.find()) {
      for (String part : g.group(1).split(",")) {
        String v = part.replaceAll("[\\[=%].*", "").strip();
        if (!v.isEmpty()) names.put(v, true);
      }
    }
    return List.copyOf(names.keySet());
  }

  /** The tapset's files, .stp and .stpm, in the order of its INDEX ("file: name name..."). */
  static List<Entry> index() {
    List<Entry> cached = indexCache;
    if (cached == null) {
      cached = readIndex();
      indexCache = cached;
    }
    return cached;
  }

  private static volatile List<Entry> indexCache;

  private static List<Entry> readIndex() {
    var entries = new ArrayList<Entry>();
    for (String line : read(FOLDER + "INDEX").lines().toList()) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) continue;
      int colon = l.indexOf(':');
      String file = colon < 0 ? l : l.substring(0, colon).strip();
      String names = colon < 0 ? "" : l.substring(colon + 1).strip();
      entries.add(new Entry(file, names.isEmpty() ? List.of() : List.of(names.split("\\s+"))));
    }
    return List.copyOf(entries);
  }

  private static List<Path> stpFiles(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".stp")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tapset folder " + dir, e);
    }
  }

  /**
   * SystemTap's names for system call arguments that differ from the tracepoints' field names:
   * "call.field" to the name (the tapset's syscall-names file).
   */
  static Map<String, String> syscallArgumentNames() {
    var names = new HashMap<String, String>();
    for (String line : read(FOLDER + "syscall-names").lines().toList()) {
      if (line.isBlank() || line.startsWith("#")) continue;
      String[] w = line.strip().split("\\s+");
      if (w.length == 3) names.put(w[0] + "." + w[1], w[2]);
    }
    return names;
  }

  private static String read(String resource) {
    try (InputStream in = Tapset.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("missing tapset resource " + resource);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

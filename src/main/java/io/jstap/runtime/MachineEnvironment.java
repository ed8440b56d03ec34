package io.jstap.runtime;

import io.jstap.codegen.Binaries;
import io.jstap.elf.ElfException;
import io.jstap.elf.ElfFile;
import io.jstap.elf.ElfSymbol;
import io.jstap.elf.TraceEventFunctions;
import io.jstap.kernel.KernelFacts;
import io.jstap.kernel.Tracepoint;
import io.jstap.kernel.TracepointFormat;
import io.jstap.kernel.TracepointName;
import io.jstap.lang.GlobPattern;
import io.jstap.lang.Suggestions;
import io.jstap.sema.ProbeEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The machine jstap runs on, as probe resolution sees it: the kernel's tracepoints (tracefs and
 * BTF), its functions (kallsyms), and the programs and libraries on disk (ELF).
 */
public final class MachineEnvironment implements ProbeEnvironment {
  private static final List<String> LIBRARY_DIRS = List.of(
      "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib",
      "/usr/lib", "/usr/local/lib");

  private final Supplier<KernelFacts> facts;
  private final Binaries binaries;
  private List<String> tracepoints;

  public MachineEnvironment(Supplier<KernelFacts> facts, Binaries binaries) {
    this.facts = facts;
    this.binaries = binaries;
  }

  @Override
  public List<String> tracepoints() {
    if (tracepoints == null) {
      var names = new ArrayList<String>();
      for (TracepointName n : facts.get().tracepoints().names()) {
        if (!n.subsystem().isEmpty()) names.add(n.subsystem() + ":" + n.event());
      }
      tracepoints = List.copyOf(names);
    }
    return tracepoints;
  }

  @Override
  public boolean hasTracepoint(String subsystem, String event) {
    if (tracefs == null) tracefs = io.jstap.kernel.Tracefs.open();
    return tracefs.exists(subsystem, event);
  }

  private io.jstap.kernel.Tracefs tracefs;

  @Override
  public List<TracepointArg> tracepointArgs(String subsystem, String event) {
    Optional<Tracepoint> tp = facts.get().tracepoints().find(subsystem, event);
    if (tp.isEmpty()) return List.of();
    var out = new ArrayList<TracepointArg>();
    if (!tp.get().arguments().isEmpty()) {
      for (var a : tp.get().arguments()) out.add(new TracepointArg(a.name(), a.typeName()));
    } else {
      for (TracepointFormat.Field f : tp.get().fields()) out.add(new TracepointArg(f.name(), f.cType()));
    }
    return out;
  }

  @Override
  public List<String> kernelFunctions() {
    var k = facts.get().kallsyms();
    var out = new ArrayList<String>();
    for (int i = 0; i < k.size(); i++) {
      var s = k.symbol(i);
      if (s.isText() && s.module() == null) out.add(s.name());
    }
    return out;
  }

  @Override
  public Optional<String> resolveBinary(String nameOrPath, boolean library) {
    if (nameOrPath.contains("/")) {
      Path p = Path.of(nameOrPath).toAbsolutePath();
      return Files.isRegularFile(p) ? Optional.of(real(p)) : Optional.empty();
    }
    List<String> dirs = new ArrayList<>();
    if (library) {
      dirs.addAll(LIBRARY_DIRS);
    } else {
      String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
      dirs.addAll(List.of(path.split(":")));
    }
    for (String dir : dirs) {
      if (dir.isEmpty()) continue;
      Path p = Path.of(dir, nameOrPath);
      if (Files.isRegularFile(p) && (library || Files.isExecutable(p))) return Optional.of(real(p));
      if (library && !nameOrPath.contains(".so")) {
        Path so = Path.of(dir, "lib" + nameOrPath + ".so.6");
        if (Files.isRegularFile(so)) return Optional.of(real(so));
      }
    }
    return Optional.empty();
  }

  @Override
  public List<String> resolveLibraries(String program, String pattern) {
    if (pattern.contains("/")) return resolveBinary(pattern, true).map(List::of).orElse(List.of());
    var out = new ArrayList<String>();
    if (program != null) {
      for (Path lib : libraryClosure(program)) {
        if (libraryMatches(pattern, lib)) out.add(lib.toString());
      }
    }
    if (!out.isEmpty()) return out;
    // a library the program loads with dlopen, or no program: the usual folders
    var exact = resolveBinary(pattern, true);
    if (exact.isPresent()) return List.of(exact.get());
    for (String dir : librarySearchDirs()) {
      try (var files = Files.list(Path.of(dir))) {
        var found = files.filter(f -> Files.isRegularFile(f) && libraryMatches(pattern, f))
            .map(MachineEnvironment::real).sorted().toList();
        if (!found.isEmpty()) return GlobPattern.hasWildcards(pattern) ? found : found.subList(0, 1);
      } catch (IOException | java.io.UncheckedIOException e) {
        // an unreadable folder holds nothing for us
      }
    }
    return List.of();
  }

  /** Whether a library's file name or soname is the pattern, or the pattern then ".so". */
  private boolean libraryMatches(String pattern, Path lib) {
    var names = new ArrayList<String>();
    names.add(lib.getFileName().toString());
    try {
      binaries.of(lib.toString()).dynamicInfo().soname().ifPresent(names::add);
    } catch (ElfException | java.io.UncheckedIOException e) {
      // not an ELF file: its file name is all it has
    }
    for (String n : names) {
      if (GlobPattern.matches(pattern, n)) return true;
      if (!GlobPattern.hasWildcards(pattern)
          && (n.startsWith(pattern + ".so") || n.startsWith("lib" + pattern + ".so"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The shared libraries a program needs, directly or through another library, in the
   * dynamic linker's breadth-first order, each found as ld.so finds it (ld.so(8)): the
   * needing file's DT_RUNPATH ($ORIGIN its folder), LD_LIBRARY_PATH, the folders of
   * /etc/ld.so.conf.d, then the system's.
   */
  private List<Path> libraryClosure(String program) {
    var cached = closures.get(program);
    if (cached != null) return cached;
    var out = new ArrayList<Path>();
    var seen = new java.util.HashSet<String>();
    var queue = new java.util.ArrayDeque<Path>();
    queue.add(Path.of(program));
    while (!queue.isEmpty() && out.size() < 1000) {
      Path file = queue.poll();
      ElfFile.DynamicInfo info;
      try {
        info = binaries.of(file.toString()).dynamicInfo();
      } catch (ElfException | java.io.UncheckedIOException e) {
        continue;
      }
      var dirs = new ArrayList<String>();
      String origin = file.toAbsolutePath().getParent() == null ? "/"
          : file.toAbsolutePath().getParent().toString();
      for (String d : info.runPath()) {
        dirs.add(d.replace("${ORIGIN}", origin).replace("$ORIGIN", origin));
      }
      dirs.addAll(librarySearchDirs());
      for (String needed : info.needed()) {
        if (!seen.add(needed)) continue;
        for (String dir : dirs) {
          if (dir.isEmpty()) continue;
          Path p = Path.of(dir, needed);
          if (Files.isRegularFile(p)) {
            Path lib = Path.of(real(p));
            out.add(lib);
            queue.add(lib);
            break;
          }
        }
      }
    }
    var result = List.copyOf(out);
    closures.put(program, result);
    return result;
  }

  private final java.util.Map<String, List<Path>> closures = new java.util.HashMap<>();
  private List<String> searchDirs;

  /** LD_LIBRARY_PATH, the folders /etc/ld.so.conf.d lists, then the usual system folders. */
  private List<String> librarySearchDirs() {
    if (searchDirs != null) return searchDirs;
    var dirs = new java.util.LinkedHashSet<String>();
    String env = System.getenv("LD_LIBRARY_PATH");
    if (env != null) {
      for (String d : env.split(":")) if (!d.isEmpty()) dirs.add(d);
    }
    try (var confs = Files.list(Path.of("/etc/ld.so.conf.d"))) {
      for (Path conf : confs.filter(f -> f.toString().endsWith(".conf")).sorted().toList()) {
        for (String line : Files.readAllLines(conf)) {
          String l = line.strip();
          if (l.startsWith("/")) dirs.add(l);
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // no ld.so.conf.d: the usual folders below
    }
    dirs.addAll(LIBRARY_DIRS);
    searchDirs = List.copyOf(dirs);
    return searchDirs;
  }

  @Override
  public Optional<MissingFunction> whyNoFunction(String binary, String name) {
    try {
      ElfFile elf = binaries.of(binary);
      var imports = new ArrayList<String>();
      int exported = 0;
      for (ElfSymbol s : elf.dynamicSymbols()) {
        if (!s.isDefined() && s.type() == ElfSymbol.Type.FUNC) imports.add(s.name());
        if (s.isFunction()) exported++;
      }
      String imported = imports.contains(name) ? name : Suggestions.closest(name, imports);
      String from = null;
      if (imported != null) {
        for (Path lib : libraryClosure(binary)) {
          var sym = binaries.of(lib.toString()).symbol(imported);
          if (sym.isPresent() && sym.get().isFunction()) {
            from = lib.toString();
            break;
          }
        }
      }
      boolean stripped = elf.symbols().isEmpty();
      if (from == null && !stripped) return Optional.empty();
      return Optional.of(new MissingFunction(from == null ? null : imported, from, stripped,
          exported));
    } catch (ElfException | java.io.UncheckedIOException e) {
      return Optional.empty();
    }
  }

  private static String real(Path p) {
    try {
      return p.toRealPath().toString();
    } catch (IOException e) {
      return p.toString();
    }
  }

  @Override
  public Optional<String> notAProgram(String path) {
    byte[] head = new byte[128];
    int n;
    try (var in = Files.newInputStream(Path.of(path))) {
      n = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      return Optional.of("cannot read " + path + ": " + e.getMessage());
    }
    if (n >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') {
      return Optional.empty();
    }
    if (n >= 2 && head[0] == '#' && head[1] == '!') {
      String line = new String(head, 0, n, java.nio.charset.StandardCharsets.UTF_8).lines()
          .findFirst().orElse("#!");
      return Optional.of(path + " is a script (" + line.strip() + "), not a program: name the"
          + " program it runs");
    }
    return Optional.of(path + " is not an ELF file");
  }

  @Override
  public Optional<String> executableOf(long pid) {
    try {
      return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe")).toString());
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  @Override
  public List<String> functions(String binary) {
    try {
      return binaries.of(binary).functions().stream().map(ElfSymbol::name).distinct().toList();
    } catch (ElfException | java.io.UncheckedIOException e) {
      return List.of();
    }
  }

  @Override
  public boolean hasUnnamedFunction(String binary, String name) {
    try {
      return TraceEventFunctions.hasEvent(binaries.of(binary), name);
    } catch (ElfException | java.io.UncheckedIOException e) {
      return false;
    }
  }

  @Override
  public List<String> marks(String binary) {
    try {
      return binaries.of(binary).usdtProbes().stream().map(u -> u.provider() + ":" + u.name())
          .distinct().toList();
    } catch (ElfException | java.io.UncheckedIOException e) {
      return List.of();
    }
  }
}

package io.jstap.runtime;

import io.jstap.codegen.Binaries;
import io.jstap.elf.ElfException;
import io.jstap.elf.ElfSymbol;
import io.jstap.elf.TraceEventFunctions;
import io.jstap.kernel.KernelFacts;
import io.jstap.kernel.Tracepoint;
import io.jstap.kernel.TracepointFormat;
import io.jstap.kernel.TracepointName;
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

  private static String real(Path p) {
    try {
      return p.toRealPath().toString();
    } catch (IOException e) {
      return p.toString();
    }
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

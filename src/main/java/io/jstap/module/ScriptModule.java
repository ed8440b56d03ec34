package io.jstap.module;

import io.jstap.bpf.MapSpec;
import io.jstap.bpf.ProgramSpec;
import io.jstap.codegen.AttachPoint;
import io.jstap.codegen.CompiledScript;
import io.jstap.codegen.KernelProgram;
import io.jstap.codegen.Limits;
import io.jstap.codegen.OutputRecord;
import io.jstap.codegen.StorageLayout;
import io.jstap.sema.CheckedScript;
import io.jstap.sema.ResolvedProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled script as a module file holds it ({@code -p4}, run later with {@code jstap run}):
 * the BPF programs and maps exactly as compiled, the records they send, and what it takes to
 * rebuild the user-space side (passes 1 and 2 run again over {@link ScriptInputs}).
 *
 * @param name the module's name ({@code -m NAME})
 * @param jstapVersion the jstap that built it
 * @param kernel the kernel the programs were compiled for
 * @param inputs what passes 1 and 2 read
 * @param storageLayout the globals' layout as compiled ({@link StorageLayout#toString()}): the
 *     programs and the user-space handlers must agree on it
 * @param limits the limits as compiled ({@link Limits#toString()})
 * @param programs one per kernel-context probe, in the order of the checked script's probes
 * @param binaries the programs and libraries uprobes attach to, with their digests: a uprobe
 *     sits at a file offset, right only for the same file
 */
public record ScriptModule(
    String name,
    String jstapVersion,
    KernelIdentity kernel,
    ScriptInputs inputs,
    String storageLayout,
    String limits,
    List<Program> programs,
    List<OutputRecord> records,
    List<MapSpec> maps,
    Map<String, List<byte[]>> mapContents,
    Set<String> frozenMaps,
    List<BinaryDigest> binaries) {

  /**
   * One compiled probe.
   *
   * @param point its probe point, as {@code pp()} says it
   */
  public record Program(String point, ProgramSpec spec, AttachPoint attach, boolean optional) {}

  /**
   * A file uprobes attach to, and the digest of its contents when the module was built (its
   * size and CRC32C, as {@link KernelIdentity} digests BTF).
   */
  public record BinaryDigest(String path, String digest) {}

  public ScriptModule {
    programs = List.copyOf(programs);
    records = List.copyOf(records);
    maps = List.copyOf(maps);
    mapContents = Map.copyOf(mapContents);
    frozenMaps = Set.copyOf(frozenMaps);
    binaries = List.copyOf(binaries);
  }

  /**
   * The module of a script just compiled.
   *
   * @throws ModuleException when a binary that a uprobe names cannot be read
   */
  public static ScriptModule of(String name, String jstapVersion, CompiledScript compiled,
      ScriptInputs inputs, KernelIdentity kernel) throws ModuleException {
    var programs = new ArrayList<Program>();
    var paths = new LinkedHashSet<String>();
    for (KernelProgram p : compiled.programs()) {
      programs.add(new Program(p.probe().point(), p.spec(), p.attach(), p.optional()));
      if (p.attach() instanceof AttachPoint.Uprobe u) paths.add(u.binary());
    }
    var binaries = new ArrayList<BinaryDigest>();
    for (String path : paths) {
      try {
        binaries.add(new BinaryDigest(path, KernelIdentity.digest(Files.readAllBytes(Path.of(path)))));
      } catch (IOException e) {
        throw new ModuleException("cannot read " + path + " to record it in the module: "
            + e.getMessage(), e);
      }
    }
    return new ScriptModule(name, jstapVersion, kernel, inputs, compiled.storage().toString(),
        compiled.limits().toString(), programs, compiled.records(), compiled.maps(),
        compiled.mapContents(), compiled.frozenMaps(), binaries);
  }

  /** Whether it has BPF programs (a script of begin, end and timer probes needs no kernel). */
  public boolean needsKernel() {
    return !programs.isEmpty();
  }

  /**
   * Why the module cannot run on the machine whose kernel is {@code here}: one line per
   * problem; empty when it fits. A module without programs fits every kernel.
   */
  public List<String> fitProblems(KernelIdentity here) {
    var problems = new ArrayList<String>();
    if (!needsKernel()) return problems;
    if (!kernel.machine().equals(here.machine())) {
      problems.add("it was compiled for " + kernel.machine() + " and this machine is "
          + here.machine());
    }
    if (!kernel.release().equals(here.release()) || !kernel.btfDigest().equals(here.btfDigest())) {
      String which = kernel.release().equals(here.release())
          ? "another build of the same kernel release" : "another kernel";
      problems.add("it was compiled for kernel " + kernel.describe() + ", and this machine runs "
          + which + ", " + here.describe() + ": its programs read kernel structures at the"
          + " offsets of the kernel they were compiled for");
    }
    for (BinaryDigest b : binaries) {
      try {
        String now = KernelIdentity.digest(Files.readAllBytes(Path.of(b.path())));
        if (!now.equals(b.digest())) {
          problems.add(b.path() + " is not the file the module was compiled against (its"
              + " uprobes sit at file offsets of that file)");
        }
      } catch (NoSuchFileException e) {
        problems.add(b.path() + ", which its uprobes attach to, does not exist here");
      } catch (IOException e) {
        problems.add("cannot read " + b.path() + ": " + e.getMessage());
      }
    }
    return problems;
  }

  /**
   * The runnable script: the stored programs, maps and records with the probes and
   * user-space code of {@code checked}, the result of passes 1 and 2 run again over {@link
   * #inputs}. Refuses when they do not agree with what was compiled (this jstap resolves or
   * lays out the script differently from the one that built the module).
   */
  public CompiledScript compiledScript(CheckedScript checked, Limits limits)
      throws ModuleException {
    if (!limits.toString().equals(this.limits)) {
      throw mismatch("its limits (-D settings) come out as " + limits + ", not " + this.limits);
    }
    var storage = StorageLayout.of(checked, limits);
    if (!storage.toString().equals(storageLayout)) {
      throw mismatch("this jstap lays out the script's globals differently");
    }
    var kernelProbes = new ArrayList<ResolvedProbe>();
    var userProbes = new ArrayList<ResolvedProbe>();
    for (ResolvedProbe p : checked.probes()) {
      (p.target().runsInUserSpace() ? userProbes : kernelProbes).add(p);
    }
    if (kernelProbes.size() != programs.size()) {
      throw mismatch("the script resolves to " + kernelProbes.size() + " kernel probes, and the"
          + " module has " + programs.size() + " programs");
    }
    var compiledPrograms = new ArrayList<KernelProgram>();
    for (int i = 0; i < programs.size(); i++) {
      Program p = programs.get(i);
      ResolvedProbe probe = kernelProbes.get(i);
      if (!probe.point().equals(p.point())) {
        throw mismatch("probe " + (i + 1) + " resolves to " + probe.point() + ", and the module's"
            + " program was compiled for " + p.point());
      }
      compiledPrograms.add(new KernelProgram(probe, p.spec(), p.attach(), p.optional()));
    }
    return new CompiledScript(checked, storage, limits, compiledPrograms, userProbes, records,
        maps, mapContents, frozenMaps);
  }

  private ModuleException mismatch(String why) {
    return new ModuleException("the module does not agree with this jstap: " + why + " (it was"
        + " built by jstap " + jstapVersion + "); compile the script again with this jstap");
  }
}

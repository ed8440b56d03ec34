package io.jstap.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jstap.bpf.Alu;
import io.jstap.bpf.Assembler;
import io.jstap.bpf.Exit;
import io.jstap.bpf.LoadImm64;
import io.jstap.bpf.MapSpec;
import io.jstap.bpf.ProgramSpec;
import io.jstap.bpf.ProgramType;
import io.jstap.bpf.Reg;
import io.jstap.codegen.AttachPoint;
import io.jstap.codegen.CompiledScript;
import io.jstap.codegen.KernelProgram;
import io.jstap.codegen.Limits;
import io.jstap.codegen.OutputRecord;
import io.jstap.codegen.StorageLayout;
import io.jstap.lang.Diagnostics;
import io.jstap.lang.Frontend;
import io.jstap.lang.MacroLibrary;
import io.jstap.lang.PreprocessorContext;
import io.jstap.lang.Source;
import io.jstap.format.FormatLimits;
import io.jstap.format.FormatParse;
import io.jstap.format.RecordLayout;
import io.jstap.format.ScriptType;
import io.jstap.format.StapFormat;
import io.jstap.format.ValueArguments;
import io.jstap.sema.CheckedScript;
import io.jstap.sema.ProbeEnvironment;
import io.jstap.sema.ResolvedProbe;
import io.jstap.sema.Semantics;
import io.jstap.sema.SyscallAliases;
import io.jstap.sema.Tapset;
import io.jstap.testing.Command;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The module file without a kernel: writing, reading back, damage, replay, fit. */
class ModuleFileTest {
  @TempDir Path dir;

  static final String SCRIPT = """
      global n, s
      probe kernel.trace("sched:sched_switch") { n++ }
      probe begin { s = "x" }
      probe end { printf("%d %s\\n", n, s) }
      """;
  static final KernelIdentity KERNEL = new KernelIdentity("6.18.0-test", "x86_64",
      "5520351:crc32c:0a1b2c3d");

  /** A machine with two tracepoints, one of them asked about. */
  static final class TwoTracepoints implements ProbeEnvironment {
    @Override
    public List<String> tracepoints() {
      return List.of("sched:sched_switch", "syscalls:sys_enter_getppid");
    }

    @Override
    public List<TracepointArg> tracepointArgs(String subsystem, String event) {
      return List.of(new TracepointArg("preempt", "bool"));
    }

    @Override
    public List<String> kernelFunctions() {
      return List.of();
    }

    @Override
    public Optional<String> resolveBinary(String nameOrPath, boolean library) {
      return Optional.empty();
    }

    @Override
    public Optional<String> executableOf(long pid) {
      return Optional.empty();
    }

    @Override
    public List<String> functions(String binary) {
      return List.of();
    }

    @Override
    public List<String> marks(String binary) {
      return List.of();
    }
  }

  static CheckedScript check(Source source, List<Source> tapsets, ProbeEnvironment env) {
    var context = PreprocessorContext.of("6.18.0-test", "x86_64", Map.of());
    var diagnostics = new Diagnostics();
    var library = MacroLibrary.empty();
    var script = Frontend.parse(source, context, library, diagnostics);
    var syscalls = new SyscallAliases(env, s -> Frontend.parseTapset(s, context, library,
        diagnostics), Set.of());
    var checked = Semantics.check(script, new Semantics.Inputs(
        Tapset.parse(tapsets, context, library, diagnostics), env, syscalls, null, false),
        diagnostics);
    assertThat(diagnostics.render()).isEmpty();
    return checked;
  }

  static StapFormat format(String text) {
    return ((FormatParse.Parsed) StapFormat.parse(text)).format();
  }

  /** A module as pass 4 would make it, with a hand-written program. */
  static ScriptModule module(String script) throws ModuleException {
    var source = new Source("test.stp", script);
    var env = new RecordingEnvironment(new TwoTracepoints());
    // the tapset files the script reaches, as pass 2 keeps them for a module
    var context = PreprocessorContext.of("6.18.0-test", "x86_64", Map.of());
    var parsed = Frontend.parse(source, context, MacroLibrary.empty(), new Diagnostics());
    var tapsets = Tapset.reach(parsed, List.of(), context, MacroLibrary.empty(),
        new Diagnostics()).sources();
    CheckedScript checked = check(source, tapsets, env);
    var limits = Limits.DEFAULTS;
    var storage = StorageLayout.of(checked, limits);
    ResolvedProbe kernelProbe = checked.probes().stream()
        .filter(p -> !p.target().runsInUserSpace()).findFirst().orElseThrow();
    var code = new Assembler().at(kernelProbe.declaration().span())
        .emit(LoadImm64.mapValue(Reg.R1, StorageLayout.SCALARS_MAP, 0))
        .emit(LoadImm64.map(Reg.R2, "events"))
        .at(null).emit(Alu.mov(Reg.R0, 0), Exit.exit()).assemble();
    var spec = ProgramSpec.of("p0_sched_switch", ProgramType.RAW_TRACEPOINT, code);
    var printf = format("%d %s\n");
    var print = StapFormat.forPrint(List.of(ScriptType.LONG, ScriptType.STRING),
        "%,".getBytes(StandardCharsets.UTF_8), true);
    var records = List.of(
        new OutputRecord(0, OutputRecord.Channel.OUTPUT, printf, RecordLayout.pack(printf, 128, 0),
            java.util.Arrays.asList(null, OutputRecord.Deferred.KERNEL_SYMBOL)),
        new OutputRecord(1, OutputRecord.Channel.WARNING, print, RecordLayout.pack(print, 64, 0),
            null),
        new OutputRecord(2, OutputRecord.Channel.EXIT, null, null, null));
    var maps = new ArrayList<>(storage.mapSpecs());
    maps.add(MapSpec.ringBuffer("events", 1 << 16));
    maps.add(MapSpec.array("strtab", 16, 2));
    var user = checked.probes().stream().filter(p -> p.target().runsInUserSpace()).toList();
    var compiled = new CompiledScript(checked, storage, limits,
        List.of(new KernelProgram(kernelProbe, spec, new AttachPoint.RawTracepoint("sched_switch"),
            false)), user, records, maps, Map.of("strtab", List.of(new byte[16], "ab".getBytes(
                StandardCharsets.UTF_8))), Set.of("strtab"));
    var inputs = new ScriptInputs(source, List.of(), tapsets, List.of("arg1"),
        Map.of("MAXACTION", "1000"), false, "6.18.0-test", "x86_64",
        Map.of("CONFIG_BPF", Optional.of("y"), "CONFIG_NOPE", Optional.empty()), null,
        env.recording());
    return ScriptModule.of("test", "1.2.3", compiled, inputs, KERNEL);
  }

  @Test
  void aModuleReadsBackAsItWasWritten() throws Exception {
    ScriptModule m = module(SCRIPT);
    Path file = dir.resolve("test.bo");
    ModuleFile.write(m, file);
    ScriptModule r = ModuleFile.read(file);
    assertThat(r.name()).isEqualTo("test");
    assertThat(r.jstapVersion()).isEqualTo("1.2.3");
    assertThat(r.kernel()).isEqualTo(KERNEL);
    assertThat(r.inputs()).isEqualTo(m.inputs());
    assertThat(r.storageLayout()).isEqualTo(m.storageLayout());
    assertThat(r.limits()).isEqualTo(m.limits());
    assertThat(r.maps()).isEqualTo(m.maps());
    assertThat(r.frozenMaps()).isEqualTo(Set.of("strtab"));
    assertThat(r.mapContents().get("strtab")).hasSize(2);
    assertThat(new String(r.mapContents().get("strtab").get(1), StandardCharsets.UTF_8)).isEqualTo("ab");
    // Programs: the same instructions (map references by name again) and source positions.
    assertThat(r.programs()).isEqualTo(m.programs());
    // Records: same ids, channels and layouts, and formats that print the same.
    assertThat(r.records()).hasSize(3);
    for (int i = 0; i < 3; i++) {
      OutputRecord a = m.records().get(i);
      OutputRecord b = r.records().get(i);
      assertThat(b.id()).isEqualTo(a.id());
      assertThat(b.channel()).isEqualTo(a.channel());
      assertThat(b.layout()).isEqualTo(a.layout());
      if (a.format() == null) {
        assertThat(b.format()).isNull();
        continue;
      }
      var values = ValueArguments.of(42L, "hi %d".getBytes(StandardCharsets.UTF_8));
      assertThat(new String(b.format().sprintf(values, FormatLimits.DEFAULT), StandardCharsets.UTF_8))
          .isEqualTo(new String(a.format().sprintf(values, FormatLimits.DEFAULT), StandardCharsets.UTF_8));
    }
  }

  @Test
  void passesOneAndTwoReplayedGiveTheScriptTheProgramsWereCompiledFrom() throws Exception {
    ScriptModule m = ModuleFile.read(ModuleFile.write(module(SCRIPT)), "test.bo");
    var checked = check(m.inputs().script(), m.inputs().tapsets(),
        new ReplayEnvironment(m.inputs().environment()));
    CompiledScript c = m.compiledScript(checked, Limits.DEFAULTS);
    assertThat(c.programs()).hasSize(1);
    assertThat(c.programs().getFirst().probe().point()).isEqualTo("kernel.trace(\"sched:sched_switch\")");
    assertThat(c.userProbes()).hasSize(2);
    assertThat(c.storage().toString()).isEqualTo(m.storageLayout());
  }

  @Test
  void aScriptThatLaysOutItsGlobalsDifferentlyIsRefused() throws Exception {
    ScriptModule m = ModuleFile.read(ModuleFile.write(module(SCRIPT)), "test.bo");
    var other = new Source("test.stp", SCRIPT.replace("global n, s", "global s, n"));
    var checked = check(other, m.inputs().tapsets(), new ReplayEnvironment(m.inputs().environment()));
    assertThatThrownBy(() -> m.compiledScript(checked, Limits.DEFAULTS))
        .isInstanceOf(ModuleException.class)
        .hasMessageContaining("lays out the script's globals differently")
        .hasMessageContaining("jstap 1.2.3");
    var limits = new Limits(256, 2048, 1000, 0, 100, 10);
    assertThatThrownBy(() -> m.compiledScript(check(m.inputs().script(), m.inputs().tapsets(),
        new ReplayEnvironment(m.inputs().environment())), limits))
        .isInstanceOf(ModuleException.class).hasMessageContaining("limits");
  }

  @Test
  void aQuestionTheCompilationDidNotAskIsNotAnswered() throws Exception {
    ScriptModule m = module(SCRIPT);
    var replay = new ReplayEnvironment(m.inputs().environment());
    assertThat(replay.hasTracepoint("sched", "sched_switch")).isTrue();
    // Naming one tracepoint asks whether it exists, not for the list of all of them.
    assertThatThrownBy(replay::tracepoints).isInstanceOf(ReplayEnvironment.NotRecorded.class);
    assertThatThrownBy(() -> replay.functions("/bin/ls"))
        .isInstanceOf(ReplayEnvironment.NotRecorded.class)
        .hasMessageContaining("the functions of /bin/ls");
    assertThatThrownBy(replay::kernelFunctions).isInstanceOf(ReplayEnvironment.NotRecorded.class);
  }

  @Test
  void everyFlippedByteMakesTheModuleDamaged() throws Exception {
    byte[] good = ModuleFile.write(module(SCRIPT));
    assertThat(ModuleFile.read(good, "m.bo").name()).isEqualTo("test");
    for (int i = 0; i < good.length; i++) {
      byte[] bad = good.clone();
      bad[i] ^= (byte) (1 + (i % 255));
      final int at = i;
      assertThatThrownBy(() -> ModuleFile.read(bad, "m.bo"))
          .as("byte %d of %d", at, good.length)
          .isInstanceOf(ModuleException.class)
          .message().containsAnyOf("is damaged", "not a jstap module");
    }
  }

  @Test
  void aTruncatedOrForeignFileIsNotAModule() throws Exception {
    byte[] good = ModuleFile.write(module(SCRIPT));
    for (int len : new int[] {0, 10, 64, 200, good.length / 2, good.length - 1}) {
      byte[] cut = java.util.Arrays.copyOf(good, len);
      assertThatThrownBy(() -> ModuleFile.read(cut, "m.bo")).isInstanceOf(ModuleException.class);
    }
    assertThatThrownBy(() -> ModuleFile.read(Files.readAllBytes(Path.of("/bin/true")), "/bin/true"))
        .isInstanceOf(ModuleException.class).hasMessageContaining("not a jstap module");
    assertThatThrownBy(() -> ModuleFile.read(dir.resolve("none.bo")))
        .isInstanceOf(ModuleException.class).hasMessageContaining("there is no file");
  }

  @Test
  void aModuleFitsOnlyTheKernelItWasCompiledFor() throws Exception {
    ScriptModule m = module(SCRIPT);
    assertThat(m.fitProblems(KERNEL)).isEmpty();
    var other = new KernelIdentity("6.1.0-other", "x86_64", "1:crc32c:00000001");
    assertThat(m.fitProblems(other)).singleElement().asString()
        .contains("6.18.0-test").contains("6.1.0-other").contains("another kernel");
    var rebuilt = new KernelIdentity("6.18.0-test", "x86_64", "1:crc32c:00000001");
    assertThat(m.fitProblems(rebuilt)).singleElement().asString()
        .contains("another build of the same kernel release");
    var arm = new KernelIdentity("6.18.0-test", "aarch64", KERNEL.btfDigest());
    assertThat(m.fitProblems(arm)).singleElement().asString().contains("aarch64");
  }

  @Test
  void aModuleWithoutProgramsFitsAnyKernel() throws Exception {
    var source = new Source("t.stp", "probe begin { println(1) }");
    var env = new RecordingEnvironment(new TwoTracepoints());
    var checked = check(source, List.of(), env);
    var storage = StorageLayout.of(checked, Limits.DEFAULTS);
    var compiled = new CompiledScript(checked, storage, Limits.DEFAULTS, List.of(),
        checked.probes(), List.of(), storage.mapSpecs(), Map.of(), Set.of());
    var inputs = new ScriptInputs(source, List.of(), List.of(), List.of(), Map.of(), false,
        "6.18.0-test", "x86_64", Map.of(), null, env.recording());
    ScriptModule m = ModuleFile.read(ModuleFile.write(ScriptModule.of("t", "1", compiled, inputs, KERNEL)), "t.bo");
    assertThat(m.needsKernel()).isFalse();
    assertThat(m.fitProblems(new KernelIdentity("2.6.32", "i386", KernelIdentity.NO_BTF))).isEmpty();
    assertThat(m.inputs().environment().tracepoints()).isNull(); // never asked
  }

  @Test
  void aChangedBinaryDoesNotFit() throws Exception {
    Path bin = Files.copy(Path.of("/bin/true"), dir.resolve("prog"));
    ScriptModule m = module(SCRIPT);
    var withUprobe = new ScriptModule(m.name(), m.jstapVersion(), m.kernel(), m.inputs(),
        m.storageLayout(), m.limits(), m.programs(), m.records(), m.maps(), m.mapContents(),
        m.frozenMaps(), List.of(new ScriptModule.BinaryDigest(bin.toString(),
            KernelIdentity.digest(Files.readAllBytes(bin)))));
    assertThat(withUprobe.fitProblems(KERNEL)).isEmpty();
    Files.write(bin, new byte[] {1, 2, 3});
    assertThat(withUprobe.fitProblems(KERNEL)).singleElement().asString()
        .contains(bin.toString()).contains("not the file");
    Files.delete(bin);
    assertThat(withUprobe.fitProblems(KERNEL)).singleElement().asString().contains("does not exist");
  }

  @Test
  void sectionsAreNamedAfterAttachPointsAsLibbpfNamesThem() {
    assertThat(ModuleFile.sectionName(new AttachPoint.Tracepoint("sched", "sched_switch")))
        .isEqualTo("tracepoint/sched/sched_switch");
    assertThat(ModuleFile.sectionName(new AttachPoint.RawTracepoint("sys_enter")))
        .isEqualTo("raw_tracepoint/sys_enter");
    assertThat(ModuleFile.sectionName(new AttachPoint.Uprobe("/bin/ls", 0x4a10, false, 0, 0)))
        .isEqualTo("uprobe//bin/ls:0x4a10");
    assertThat(ModuleFile.sectionName(new AttachPoint.Uprobe("/bin/ls", 0x10, true, 0, 0)))
        .isEqualTo("uretprobe//bin/ls:0x10");
    assertThat(ModuleFile.sectionName(new AttachPoint.Uprobe("/bin/ls", 0x10, false, 0x99, 0)))
        .isEqualTo("usdt//bin/ls:0x10");
    assertThat(ModuleFile.sectionName(new AttachPoint.Kprobe("vfs_read", true)))
        .isEqualTo("kretprobe/vfs_read");
  }

  @Test
  void readelfAndLlvmObjdumpReadTheModule() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/readelf")), "binutils' readelf is not installed");
    Path file = dir.resolve("test.bo");
    ModuleFile.write(module(SCRIPT), file);
    String sections = Command.output("readelf", "-W", "-S", "-s", "-r", file.toString());
    assertThat(sections).contains("raw_tracepoint/sched_switch", ".maps", ".BTF", "license",
        ".jstap", ".relraw_tracepoint/sched_switch", "p0_sched_switch", "globals", "events");
    assertThat(Command.output("readelf", "-h", file.toString())).contains("REL (Relocatable file)")
        .containsAnyOf("Linux BPF", "BPF");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/llvm-objdump")), "llvm-objdump is not installed");
    String listing = Command.output("llvm-objdump", "-d", "-r", file.toString());
    assertThat(listing).contains("<p0_sched_switch>:", "R_BPF_64_64", "globals", "events", "exit");
  }
}

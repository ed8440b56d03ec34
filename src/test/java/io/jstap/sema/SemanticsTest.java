package io.jstap.sema;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.lang.Diagnostics;
import io.jstap.lang.Frontend;
import io.jstap.lang.MacroLibrary;
import io.jstap.lang.PreprocessorContext;
import io.jstap.lang.Source;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SemanticsTest {
  record Checked(CheckedScript script, Diagnostics diagnostics) {
    String errors() {
      return diagnostics.render();
    }
  }

  static Checked check(String text) {
    return check(text, new FixtureEnvironment());
  }

  static Checked check(String text, ProbeEnvironment env) {
    var diagnostics = new Diagnostics();
    var context = PreprocessorContext.of("6.18.0", "x86_64", Map.of());
    var script = Frontend.parse(new Source("t.stp", text), context, List.of(), diagnostics);
    var tapsets = Tapset.reach(script, List.of(), context, MacroLibrary.empty(),
        diagnostics).scripts();
    var syscalls = new SyscallAliases(env, s -> Frontend.parseTapset(s, context,
        MacroLibrary.empty(), diagnostics), Set.of());
    var inputs = new Semantics.Inputs(tapsets, env, syscalls, null, false);
    return new Checked(Semantics.check(script, inputs, diagnostics), diagnostics);
  }

  @Test
  void infersGlobalAndLocalTypes() {
    var c = check("""
        global count, names
        probe begin { x = 5; s = "a" . "b"; count += x; names[s, x] = count }
        """);
    assertThat(c.errors()).isEmpty();
    assertThat(c.script().globals().get("count").type()).isEqualTo(Type.LONG);
    var names = c.script().globals().get("names");
    assertThat(names.keyTypes()).containsExactly(Type.STRING, Type.LONG);
    assertThat(names.type()).isEqualTo(Type.LONG);
  }

  @Test
  void typesFlowThroughFunctionsAndFormats() {
    var c = check("""
        function show(v) { printf("%s\\n", v) }
        function twice(n) { return n * 2 }
        probe begin { show(execname()); println(twice(3)) }
        """);
    assertThat(c.errors()).isEmpty();
    var show = c.script().functions().get("show/1");
    assertThat(show.params().getFirst().type()).isEqualTo(Type.STRING);
    assertThat(c.script().functions().get("twice/1").returnType()).isEqualTo(Type.LONG);
  }

  @Test
  void conflictsNameBothPlaces() {
    var c = check("""
        global g
        probe begin { g = 1 }
        probe end { g = "x" }
        """);
    assertThat(c.errors()).contains("t.stp:3:13: error: 'g' is a long, but is used as a string here")
        .contains("t.stp:2:15: note: it got its type here");
  }

  @Test
  void statisticsAndHistograms() {
    var c = check("""
        global s, a
        probe begin { s <<< 3; a["x"] <<< 4; print(@hist_log(s)); println(@count(a["x"])) }
        """);
    assertThat(c.errors()).isEmpty();
    assertThat(c.script().globals().get("s").type()).isEqualTo(Type.STATS);
  }

  @Test
  void entryIsAvailableInFunctionReturnProbesOnly() {
    var c = check("""
        function f() { return @entry(1) }
        probe begin { println(@entry(2)) }
        probe kernel.function("vfs_read").return { println(@entry(3) + f()) }
        """);
    assertThat(c.errors())
        .contains("t.stp:1:23: error: @entry is available only in .return probes of functions and"
            + " system calls, not in a function's body")
        .contains("t.stp:2:23: error: @entry is available only in .return probes of functions and"
            + " system calls")
        .doesNotContain("t.stp:3:");
  }

  @Test
  void entryValuesAreSavedByAnEntryProbeAndReadFromALocal() {
    var c = check("""
        probe kernel.function("vfs_read").return { printf("%s %d\\n", @entry(execname()), @entry(4)) }
        """);
    assertThat(c.errors()).isEmpty();
    assertThat(c.script().probes()).extracting(p -> p.point()).containsExactly(
        "kernel.function(\"vfs_read\").return", "kernel.function(\"vfs_read\")");
    assertThat(c.script().globals().get("__entry_saved_0_0").type()).isEqualTo(Type.STRING);
    assertThat(c.script().globals().get("__entry_saved_0_1").keyTypes())
        .containsExactly(Type.LONG, Type.LONG);
    assertThat(c.script().handlerLocals().get(0)).containsKeys("__entry_value_0_0",
        "__entry_value_0_1");
  }

  @Test
  void unknownFunctionSuggests() {
    var c = check("probe begin { printn(1) }");
    assertThat(c.errors()).contains("unknown function 'printn'").contains("did you mean 'print");
  }

  @Test
  void aLocalReadButNeverAssignedIsWarnedAbout() {
    var c = check("probe begin { count = 1; println(cuont + count) }");
    assertThat(c.errors()).contains("t.stp:1:34: warning: never-assigned local variable 'cuont'")
        .contains("did you mean 'count'?");
    assertThat(c.diagnostics().hasErrors()).isFalse();
  }

  @Test
  void readOnlyLocalIsUnresolved() {
    var c = check("probe begin { println(y) }");
    assertThat(c.errors()).contains("cannot tell the type of local variable 'y'");
  }

  @Test
  void tracepointWildcardsExpand() {
    var c = check("probe kernel.trace(\"syscalls:sys_enter_*\") { n++ }");
    assertThat(c.errors()).isEmpty();
    assertThat(c.script().probes()).extracting(ResolvedProbe::point).containsExactly(
        "kernel.trace(\"syscalls:sys_enter_getppid\")",
        "kernel.trace(\"syscalls:sys_enter_openat\")");
  }

  @Test
  void unknownTracepointSuggestsTheNearest() {
    var c = check("probe kernel.trace(\"sched:sched_swich\") { }");
    assertThat(c.errors()).contains("no tracepoint matches \"sched:sched_swich\"")
        .contains("did you mean \"sched:sched_switch\"?");
  }

  @Test
  void unknownFamilySuggests() {
    var c = check("probe kernl.trace(\"x\") { }");
    assertThat(c.errors()).contains("unknown probe point").contains("did you mean 'kernel'?");
  }

  @Test
  void optionalPointsMayMatchNothing() {
    var c = check("probe kernel.trace(\"nope:nope\")?, begin { }");
    assertThat(c.errors()).isEmpty();
    assertThat(c.script().probes()).hasSize(1);
  }

  @Test
  void sufficientPointsStopTheList() {
    var c = check("probe kernel.trace(\"sched:sched_switch\")!, begin { }");
    assertThat(c.script().probes()).extracting(ResolvedProbe::point)
        .containsExactly("kernel.trace(\"sched:sched_switch\")");
  }

  @Test
  void syscallAliasesComeFromTracepoints() {
    var c = check("""
        probe syscall.openat { printf("%s(%s) %s\\n", name, argstr, filename) }
        probe syscall.openat.return { printf("%s = %s\\n", name, retstr) }
        """);
    assertThat(c.errors()).isEmpty();
    assertThat(c.script().probes()).extracting(ResolvedProbe::point).containsExactly(
        "kernel.trace(\"syscalls:sys_enter_openat\")", "kernel.trace(\"syscalls:sys_exit_openat\")");
    assertThat(c.script().probes().getFirst().prologues()).hasSize(1);
    assertThat(c.script().functions()).containsKey("return_str/2");
  }

  /** SystemTap's other names for syscall arguments: filename_uaddr, filename_unquoted. */
  @Test
  void syscallAliasesAlsoNameAddressesAndUnquotedStrings() {
    var c = check("probe syscall.openat { printf(\"%x %s %s\\n\", filename_uaddr,"
        + " filename_unquoted, filename) }");
    assertThat(c.errors()).isEmpty();
    var locals = c.script().handlerLocals().get(0);
    assertThat(locals.get("filename_uaddr").type()).isEqualTo(Type.LONG);
    assertThat(locals.get("filename_unquoted").type()).isEqualTo(Type.STRING);
  }

  @Test
  void syscallWildcardIsOneProbeOnEveryCall() {
    var c = check("probe syscall.* { n++ } probe syscall.*.return { m++ }");
    assertThat(c.errors()).isEmpty();
    assertThat(c.script().probes()).extracting(ResolvedProbe::point).containsExactly(
        "kernel.trace(\"raw_syscalls:sys_enter\")", "kernel.trace(\"raw_syscalls:sys_exit\")");
    var narrower = check("probe syscall.*at { n++ }");
    assertThat(narrower.script().probes()).extracting(ResolvedProbe::point)
        .containsExactly("kernel.trace(\"syscalls:sys_enter_openat\")");
  }

  @Test
  void everyProbeOfADeclarationIsCheckedWithItsOwnAlias() {
    var c = check("""
        probe a = kernel.trace("sched:sched_switch") { v = 1; w = 2 }
        probe b = kernel.trace("sched:sched_process_exec") { v = "x"; w = 3 }
        probe a, b { println(w) }
        """);
    // 'v' is long in one alias and a string in the other, but nobody reads it.
    assertThat(c.errors()).isEmpty();
    assertThat(c.script().probes()).hasSize(2);
    for (ResolvedProbe p : c.script().probes()) {
      for (var stmt : p.prologues().getFirst().statements()) {
        var assign = (io.jstap.lang.ast.Assign) ((io.jstap.lang.ast.ExprStmt) stmt).expr();
        var target = (io.jstap.lang.ast.Variable) assign.target();
        assertThat(c.script().symbolOf(target)).as(p.point() + " " + target.name()).isNotNull();
      }
    }
    var read = check("""
        probe a = kernel.trace("sched:sched_switch") { v = 1 }
        probe b = kernel.trace("sched:sched_process_exec") { v = "x" }
        probe a, b { println(v) }
        """);
    assertThat(read.errors()).contains("'v' is a long, but is used as a string here");
  }

  @Test
  void aTracepointNamedInFullIsLookedUpNotListed() {
    var fixture = new FixtureEnvironment();
    var env = new ProbeEnvironment() {
      @Override
      public List<String> tracepoints() {
        throw new AssertionError("listed every tracepoint for a name given in full");
      }

      @Override
      public boolean hasTracepoint(String subsystem, String event) {
        return fixture.tracepoints().contains(subsystem + ":" + event);
      }

      @Override
      public List<TracepointArg> tracepointArgs(String subsystem, String event) {
        return fixture.tracepointArgs(subsystem, event);
      }

      @Override
      public List<String> kernelFunctions() {
        return fixture.kernelFunctions();
      }

      @Override
      public java.util.Optional<String> resolveBinary(String nameOrPath, boolean library) {
        return fixture.resolveBinary(nameOrPath, library);
      }

      @Override
      public java.util.Optional<String> executableOf(long pid) {
        return fixture.executableOf(pid);
      }

      @Override
      public List<String> functions(String binary) {
        return fixture.functions(binary);
      }

      @Override
      public List<String> marks(String binary) {
        return fixture.marks(binary);
      }
    };
    var c = check("probe kernel.trace(\"sched:sched_switch\") { }", env);
    assertThat(c.errors()).isEmpty();
    assertThat(c.script().probes()).extracting(ResolvedProbe::point)
        .containsExactly("kernel.trace(\"sched:sched_switch\")");
  }

  @Test
  void aScriptWithoutProbesIsAnError() {
    assertThat(check("global x\nfunction f() { return 1 }\n").errors())
        .startsWith("t.stp:1:1: error: no probes found");
    assertThat(check("probe never { }").errors()).isEmpty();
  }

  @Test
  void oneHistogramPerStatistic() {
    var c = check("""
        global s, t
        probe begin { s <<< 1; t <<< 1; print(@hist_log(s)); print(@hist_log(s)) }
        probe end { print(@hist_linear(t, 0, 10, 2)); print(@hist_linear(t, 0, 20, 2)) }
        """);
    assertThat(c.errors()).contains("t.stp:3:53: error: multiple histogram types declared on 't'")
        .doesNotContain("declared on 's'");
  }

  @Test
  void scriptAliasesWithPrologueEpilogueAndSuffix() {
    var c = check("""
        probe myswitch = kernel.trace("sched:sched_switch") { who = "sw" }
        probe myswitch += kernel.trace("sched:sched_process_exec") { }
        probe myswitch { println(who) }
        """);
    assertThat(c.errors()).isEmpty();
    assertThat(c.script().probes()).hasSize(2);
  }

  @Test
  void timersAndPriorities() {
    var c = check("probe timer.ms(100), timer.s(2).randomize(1), timer.hz(10), end(-1) { }");
    assertThat(c.errors()).isEmpty();
    assertThat(c.script().probes()).extracting(p -> p.target()).containsExactly(
        new ProbeTarget.Timer(100_000_000L, 0), new ProbeTarget.Timer(2_000_000_000L, 1_000_000_000L),
        new ProbeTarget.Timer(100_000_000L, 0), new ProbeTarget.End(-1));
  }

  @Test
  void processProbes() {
    var c = check("""
        probe process("/bin/true").function("ma*").return { }
        probe process("true").mark("setjmp") { }
        probe process(1).statement(0x1234) { }
        probe process("/bin/true").function("mian") { }
        """);
    assertThat(c.errors()).contains("no function 'mian' in /bin/true").contains("did you mean \"main\"");
    assertThat(c.script().probes()).extracting(ResolvedProbe::point).containsExactly(
        "process(\"/bin/true\").function(\"main\").return",
        "process(\"/bin/true\").provider(\"libc\").mark(\"setjmp\")",
        "process(1).statement(0x1234)");
  }

  @Test
  void writtenButUnreadGlobalsArePrintedAtEnd() {
    var c = check("global a, b, c\nprobe begin { a = 1; b = 2; c = b }");
    assertThat(c.script().globalsToPrintAtEnd()).extracting(VariableSymbol::name)
        .containsExactly("a", "c");
  }
}

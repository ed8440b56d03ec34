package io.jstap.codegen;

import io.jstap.bpf.Features;
import io.jstap.bpf.RingBufferReader;
import io.jstap.kernel.KernelFacts;
import io.jstap.kernel.Tracefs;
import io.jstap.kernel.TracefsCatalogue;
import io.jstap.lang.Diagnostics;
import io.jstap.lang.Frontend;
import io.jstap.lang.MacroLibrary;
import io.jstap.lang.PreprocessorContext;
import io.jstap.lang.Source;
import io.jstap.runtime.KernelSide;
import io.jstap.runtime.MachineEnvironment;
import io.jstap.runtime.RecordDispatcher;
import io.jstap.format.FormatLimits;
import io.jstap.format.OutputBuffer;
import io.jstap.sema.Semantics;
import io.jstap.sema.SyscallAliases;
import io.jstap.sema.Tapset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Compiles scripts against the running kernel and runs their kernel half, for tests. */
final class KernelScripts {
  private static KernelFacts facts;

  static synchronized KernelFacts facts() {
    if (facts == null) {
      try {
        facts = KernelFacts.live(Features::asKernelFeatures,
            () -> new TracefsCatalogue(Tracefs.open()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return facts;
  }

  record Compiled(CompiledScript script, Diagnostics diagnostics) {}

  static Compiled compile(String text) {
    var diagnostics = new Diagnostics();
    var context = PreprocessorContext.of(facts().release(), "x86_64", Map.of());
    var binaries = new Binaries();
    var env = new MachineEnvironment(KernelScripts::facts, binaries);
    var script = Frontend.parse(new Source("t.stp", text), context, List.of(), diagnostics);
    var tapsets = Tapset.reach(script, List.of(), context, MacroLibrary.empty(),
        diagnostics).scripts();
    var syscalls = new SyscallAliases(env, s -> Frontend.parseTapset(s, context,
        MacroLibrary.empty(), diagnostics), Set.of());
    var checked = Semantics.check(script,
        new Semantics.Inputs(tapsets, env, syscalls, null, false), diagnostics);
    if (diagnostics.hasErrors()) return new Compiled(null, diagnostics);
    var compiled = new ScriptCompiler(checked, Limits.DEFAULTS, diagnostics, KernelScripts::facts,
        binaries).compile();
    return new Compiled(compiled, diagnostics);
  }

  /** A script's kernel half, attached, with its output collected. */
  static final class Running implements AutoCloseable {
    final KernelSide side;
    final RingBufferReader ring;
    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    final OutputBuffer out = new OutputBuffer(stdout);
    final OutputBuffer err = new OutputBuffer(stderr);
    final RecordDispatcher dispatcher;

    Running(CompiledScript script) {
      this(script, io.jstap.runtime.Symbols.NONE);
    }

    Running(CompiledScript script, io.jstap.runtime.Symbols symbols) {
      side = KernelSide.create(script);
      side.setRuntimeValues(0, ProcessHandle.current().pid());
      var diagnostics = new Diagnostics();
      if (!side.load(diagnostics)) {
        side.close();
        throw new AssertionError(diagnostics.render() + String.join("\n", side.verifierLogs()));
      }
      side.attach(s -> {
        throw new AssertionError(s);
      });
      ring = side.openRing();
      dispatcher = new RecordDispatcher(script.records(), FormatLimits.DEFAULT, out, err, symbols);
    }

    String output() {
      ring.drain(dispatcher::accept);
      out.flush();
      err.flush();
      return stdout.toString();
    }

    String errors() {
      output();
      return stderr.toString();
    }

    @Override
    public void close() {
      side.close();
    }
  }

  private static final MethodHandle GETPPID = Linker.nativeLinker().downcallHandle(
      Linker.nativeLinker().defaultLookup().find("getppid").orElseThrow(),
      FunctionDescriptor.of(ValueLayout.JAVA_INT));

  static void getppid(int times) {
    try {
      for (int i = 0; i < times; i++) {
        int unused = (int) GETPPID.invokeExact();
      }
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }
}

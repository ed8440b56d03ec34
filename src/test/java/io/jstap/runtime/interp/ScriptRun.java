package io.jstap.runtime.interp;

import io.jstap.codegen.Limits;
import io.jstap.codegen.StorageLayout;
import io.jstap.lang.Diagnostics;
import io.jstap.lang.Frontend;
import io.jstap.lang.MacroLibrary;
import io.jstap.lang.PreprocessorContext;
import io.jstap.lang.Source;
import io.jstap.runtime.GlobalStore;
import io.jstap.runtime.MemoryStore;
import io.jstap.format.OutputBuffer;
import io.jstap.sema.CheckedScript;
import io.jstap.sema.ProbeEnvironment;
import io.jstap.sema.ResolvedProbe;
import io.jstap.sema.Semantics;
import io.jstap.sema.Tapset;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs a script with only user-space probes the way a session does, in memory: pass 1 and 2,
 * then begin probes in order, timer probes {@code timerRounds} times, then end probes (or error
 * probes after a run-time error), collecting stdout and stderr.
 */
final class ScriptRun {
  static final ScriptClock FIXED_CLOCK = new ScriptClock() {
    @Override
    public long realtimeNanos() {
      return 1_764_165_453_123_456_789L; // Wed Nov 26 13:57:33 2025 UTC
    }

    @Override
    public long monotonicNanos() {
      return 5_000_000_123L;
    }

    @Override
    public long jiffies() {
      return 4_294_893_546L;
    }
  };

  final String stdout;
  final String stderr;
  final boolean exitRequested;
  final CheckedScript script;
  final GlobalStore store;

  private ScriptRun(String stdout, String stderr, boolean exitRequested, CheckedScript script,
      GlobalStore store) {
    this.stdout = stdout;
    this.stderr = stderr;
    this.exitRequested = exitRequested;
    this.script = script;
    this.store = store;
  }

  /** Parses and checks a script, failing with the diagnostics if it has errors. */
  static CheckedScript check(String name, String text) {
    var diagnostics = new Diagnostics();
    var context = PreprocessorContext.of("6.18.0", "x86_64", Map.of());
    var script = Frontend.parse(new Source(name, text), context, List.of(), diagnostics);
    var tapsets = Tapset.reach(script, List.of(), context, MacroLibrary.empty(),
        diagnostics).scripts();
    var inputs = new Semantics.Inputs(tapsets, ProbeEnvironment.empty(), p -> List.of(), null,
        false);
    CheckedScript checked = Semantics.check(script, inputs, diagnostics);
    if (diagnostics.hasErrors()) {
      throw new AssertionError("script does not check:\n" + diagnostics.render());
    }
    return checked;
  }

  static ScriptRun run(String name, String text, Limits limits, int timerRounds) {
    return run(name, text, limits, timerRounds,
        checked -> new MemoryStore(StorageLayout.of(checked, limits)));
  }

  static ScriptRun run(String name, String text, Limits limits, int timerRounds,
      Function<CheckedScript, GlobalStore> stores) {
    CheckedScript checked = check(name, text);
    GlobalStore store = stores.apply(checked);
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    var output = new OutputBuffer(out);
    var errors = new OutputBuffer(err);
    boolean[] exit = {false};
    var context = new HandlerContext() {
      @Override
      public OutputBuffer output() {
        return output;
      }

      @Override
      public OutputBuffer errors() {
        return errors;
      }

      @Override
      public void requestExit() {
        exit[0] = true;
      }

      @Override
      public long targetPid() {
        return 4242;
      }

      @Override
      public Limits limits() {
        return limits;
      }

      @Override
      public ScriptClock clock() {
        return FIXED_CLOCK;
      }
    };
    var interpreter = new Interpreter(checked, store, context);
    interpreter.initializeGlobals();
    var probes = UserSpaceProbes.of(checked);
    boolean failed = runAll(interpreter, probes.begin(), errors, exit);
    for (int round = 0; round < timerRounds && !failed && !exit[0]; round++) {
      failed = runAll(interpreter, probes.timers(), errors, exit);
    }
    if (failed) {
      runAll(interpreter, probes.error(), errors, new boolean[1]);
    } else {
      runAll(interpreter, probes.end(), errors, new boolean[1]);
    }
    output.flush();
    errors.flush();
    return new ScriptRun(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
        exit[0], checked, store);
  }

  /** Runs probes until one fails or asks to exit; true when one failed. */
  private static boolean runAll(Interpreter interpreter, List<ResolvedProbe> probes,
      OutputBuffer errors, boolean[] exit) {
    for (ResolvedProbe p : probes) {
      if (exit[0]) return false;
      try {
        interpreter.run(p);
      } catch (ScriptError e) {
        errors.write((e.render() + "\n").getBytes(StandardCharsets.UTF_8));
        return true;
      }
    }
    return false;
  }

  /** Limits with {@code -D} settings applied. */
  static Limits limits(Map<String, String> settings) {
    var problems = new HashMap<String, String>();
    Limits l = Limits.withSettings(settings, problems);
    if (!problems.isEmpty()) throw new AssertionError("bad settings: " + problems);
    return l;
  }
}

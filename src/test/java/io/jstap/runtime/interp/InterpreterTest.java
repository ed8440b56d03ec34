package io.jstap.runtime.interp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.codegen.Limits;
import io.jstap.codegen.StorageLayout;
import io.jstap.runtime.MemoryStore;
import io.jstap.format.LongValue;
import io.jstap.format.OutputBuffer;
import io.jstap.format.StringValue;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpreterTest {
  private static ScriptRun run(String text) {
    return ScriptRun.run("t.stp", text, Limits.DEFAULTS, 0);
  }

  @Test
  void errorsCarrySystemTapsTextAndTheTokenTheyHappenedNear() {
    var checked = ScriptRun.check("t.stp", "probe begin {\n  error(\"bad thing\")\n}");
    var out = new ByteArrayOutputStream();
    var context = context(new OutputBuffer(out), new boolean[1]);
    var interpreter = new Interpreter(checked, new MemoryStore(StorageLayout.of(checked,
        Limits.DEFAULTS)), context);
    ScriptError e = null;
    try {
      interpreter.run(checked.probes().getFirst());
    } catch (ScriptError x) {
      e = x;
    }
    assertThat(e).isNotNull();
    assertThat(e.reason()).isEqualTo("bad thing");
    assertThat(e.near()).isEqualTo("identifier 'error' at t.stp:2:3");
    assertThat(e.catchable()).isTrue();
    assertThat(e.render()).isEqualTo("ERROR: bad thing near identifier 'error' at t.stp:2:3");
  }

  @Test
  void outputIsFlushedWhenAHandlerEndsAndExitGoesToTheSession() {
    var checked = ScriptRun.check("t.stp", "probe begin { print(\"a\") exit() print(\"b\") }");
    var out = new ByteArrayOutputStream();
    boolean[] exit = {false};
    var interpreter = new Interpreter(checked, new MemoryStore(StorageLayout.of(checked,
        Limits.DEFAULTS)), context(new OutputBuffer(out), exit));
    interpreter.run(checked.probes().getFirst());
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("ab");
    assertThat(exit[0]).isTrue();
  }

  @Test
  void timeZoneFunctionsUseTheLocalZone() {
    var checked = ScriptRun.check("t.stp",
        "probe begin { printf(\"%s|%d|%s\", tz_ctime(1700000000), tz_gmtoff(), tz_name()) }");
    var out = new ByteArrayOutputStream();
    var interpreter = new Interpreter(checked, new MemoryStore(StorageLayout.of(checked,
        Limits.DEFAULTS)), context(new OutputBuffer(out), new boolean[1]));
    interpreter.run(checked.probes().getFirst());
    var zone = io.jstap.format.CalendarTime.Zone.local();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(zone.ctime(1700000000) + "|"
        + zone.secondsWest() + "|" + zone.name());
  }

  @Test
  void initialValuesOfGlobalsGoToTheStore() {
    var r = run("global a = 3, b = \"x\", c probe begin { c = a }");
    assertThat(r.store.read("a")).isEqualTo(new LongValue(3));
    assertThat(r.store.read("b")).isEqualTo(StringValue.of("x"));
    assertThat(r.store.read("c")).isEqualTo(new LongValue(3));
  }

  @Test
  void stringKeysAreCutLikeEveryString() {
    var limits = ScriptRun.limits(Map.of("MAXSTRINGLEN", "16"));
    var r = ScriptRun.run("t.stp", """
        global a
        probe begin {
          a["0123456789abcdefXYZ"] = 1
          println(a["0123456789abcde"], " ", ["0123456789abcdeQ"] in a)
        }
        """, limits, 0);
    assertThat(r.stdout).isEqualTo("1 1\n");
  }

  @Test
  void memoryConversionsNeedKernelMemory() {
    var r = run("probe begin { printf(\"%m\\n\", 4096) }");
    assertThat(r.stderr).startsWith("ERROR: printf(\"%m\") of 0x1000: no kernel memory to read"
        + " in a begin probe");
  }

  @Test
  void aMalformedRegexIsReportedWhereItIsUsed() {
    var r = run("probe begin { if (\"a\" =~ \"a)\") println(1) }");
    assertThat(r.stderr).isEqualTo("ERROR: regex \"a)\": unbalanced ')' near operator '=~' at"
        + " t.stp:1:23\n");
  }

  @Test
  void nextInAFunctionHasNoOtherOverloadToTry() {
    var r = run("function f() { next } probe begin { f() }");
    assertThat(r.stderr).isEqualTo("ERROR: all functions exhausted near identifier 'f' at"
        + " t.stp:1:37\n");
  }

  @Test
  void foreachMayBindGlobalsAndTheHandlerSeesTheSnapshot() {
    var r = run("""
        global a, k
        probe begin {
          a[1] = 1; a[2] = 2
          foreach (k+ in a) { a[k + 10] = k; printf("%d;", k) }
          println(" ", k)
        }
        """);
    assertThat(r.stdout).isEqualTo("1;2; 2\n");
  }

  @Test
  void warningsGoToTheErrorStreamAtOnce() {
    var r = run("probe begin { println(\"out\") warn(\"w\") }");
    assertThat(r.stdout).isEqualTo("out\n");
    assertThat(r.stderr).isEqualTo("WARNING: w\n");
  }

  @Test
  void userSpaceProbesAreOrderedByPriority() {
    var checked = ScriptRun.check("t.stp", """
        probe end(5) {} probe begin(3) {} probe begin(-3) {} probe error {} probe timer.s(1) {}
        probe begin {} probe never {}
        """);
    var p = UserSpaceProbes.of(checked);
    assertThat(p.begin()).extracting(x -> x.point())
        .containsExactly("begin(-3)", "begin", "begin(3)");
    assertThat(p.end()).hasSize(1);
    assertThat(p.error()).hasSize(1);
    assertThat(p.timers()).hasSize(1);
  }

  private static HandlerContext context(OutputBuffer out, boolean[] exit) {
    var err = new OutputBuffer(new ByteArrayOutputStream());
    return new HandlerContext() {
      @Override
      public OutputBuffer output() {
        return out;
      }

      @Override
      public OutputBuffer errors() {
        return err;
      }

      @Override
      public void requestExit() {
        exit[0] = true;
      }

      @Override
      public long targetPid() {
        return 0;
      }

      @Override
      public Limits limits() {
        return Limits.DEFAULTS;
      }

      @Override
      public ScriptClock clock() {
        return ScriptRun.FIXED_CLOCK;
      }
    };
  }
}

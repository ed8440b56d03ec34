package io.jstap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stap-style options and pass 1 ({@code -p1}), run in-process. */
class ScriptPassesTest {
  @TempDir Path dir;

  @Test
  void p1PrintsTheParsedScript() {
    var run = CliRun.of("-p1", "-e", "probe begin{printf(\"%d\\n\",1+2*3)}");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("probe begin {\n  printf(\"%d\\n\", 1 + 2 * 3);\n}\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void optionsMayFollowTheScriptAsWithStapsGetopt() throws IOException {
    Path script = Files.writeString(dir.resolve("s.stp"), "probe begin { println(@1, $#) }\n");
    var run = CliRun.of(script.toString(), "one", "-p1", "two");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("println(\"one\", 2);");
    var dashes = CliRun.of("-p1", script.toString(), "--", "-x", "two");
    assertThat(dashes.out()).contains("println(\"-x\", 2);");
  }

  @Test
  void withDashEEveryPositionalIsAnArgument() {
    var run = CliRun.of("-p1", "-e", "probe timer.ms($1) { println(@2) }", "250", "hi");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("probe timer.ms(250)").contains("println(\"hi\")");
  }

  @Test
  void dashReadsTheScriptFromStdin() {
    var stdin = new ByteArrayInputStream("probe end { exit() }".getBytes(StandardCharsets.UTF_8));
    var run = CliRun.withInput(stdin, "-p1", "-");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("probe end {");
  }

  @Test
  void scriptErrorsExitOneWithLocatedMessages() throws IOException {
    Path script = Files.writeString(dir.resolve("bad.stp"), "probe begin {\n  x = (1 + 2\n}\n");
    var run = CliRun.of("-p1", script.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith(script + ":3:1: error: expected ')' but found '}'\n}\n^\n");
  }

  @Test
  void warningsDoNotFailTheRun() {
    var run = CliRun.of("-p1", "-e", "probe begin { retrun }");
    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).contains("warning:").contains("did you mean 'return'?");
  }

  @Test
  void passTwoListsProbesAndGlobals() {
    var run = CliRun.of("-p2", "-e", "global n; probe begin { n = 1 }");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("# globals\nn:long\n").contains("# probes\nbegin /* <input>:1:11 */");
    var broken = CliRun.of("-e", "probe begin {");
    assertThat(broken.exitCode()).isEqualTo(1);
    assertThat(broken.err()).contains("error:").doesNotContain("not available");
  }

  @Test
  void usageMistakesExitTwo() {
    assertThat(CliRun.of().exitCode()).isEqualTo(2);
    assertThat(CliRun.of().err()).contains("no script given");
    assertThat(CliRun.of("-p", "7", "-e", "probe begin {}").err()).contains("-p takes a number from 1 to 5");
    assertThat(CliRun.of("-p", "7", "-e", "probe begin {}").exitCode()).isEqualTo(2);
    assertThat(CliRun.of("-D", "9x=1", "-e", "probe begin {}").exitCode()).isEqualTo(2);
    assertThat(CliRun.of("-I", dir.resolve("missing").toString(), "-e", "probe begin {}").exitCode()).isEqualTo(2);
  }

  @Test
  void aMissingScriptFileIsAScriptError() {
    var run = CliRun.of("-p1", dir.resolve("none.stp").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("script file '" + dir.resolve("none.stp") + "' does not exist");
  }

  @Test
  void includeDirectoriesProvideMacroFiles() throws IOException {
    Files.createDirectories(dir.resolve("bpf"));
    Files.writeString(dir.resolve("bpf/hello.stpm"), "@define hello(who) %( println(\"hello \", @who) %)\n");
    Files.writeString(dir.resolve("ignored.stp"), "probe never { }\n");
    var run = CliRun.of("-p1", "-v", "-I", dir.toString(), "-e", "probe begin { @hello(\"you\") }");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("println(\"hello \", \"you\");");
    assertThat(run.err()).contains("Pass 1: parsed user script and 1 macro file in");
  }

  @Test
  void embeddedCodeNeedsGuruMode() {
    String script = "probe begin { x = %{ 1 %} }";
    var plain = CliRun.of("-p1", "-e", script);
    assertThat(plain.exitCode()).isEqualTo(1);
    assertThat(plain.err()).contains("embedded C code is only allowed in guru mode").contains("-g");
    assertThat(CliRun.of("-p1", "-g", "-e", script).exitCode()).isZero();
  }

  @Test
  void subcommandsStillWork() {
    var run = CliRun.of("help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: jstap");
  }
}

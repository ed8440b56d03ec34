package io.jstap.lang;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.lang.ast.Binary;
import io.jstap.lang.ast.ExprStmt;
import io.jstap.lang.ast.ProbeDecl;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreprocessorTest {
  /** What {@code %( COND %? "yes" %: "no" %)} picks on the test machine. */
  private static String pick(String condition) {
    return pick(condition, Scripts.CONTEXT);
  }

  private static String pick(String condition, PreprocessorContext context) {
    var p = Scripts.parse("probe begin { x = %( " + condition + " %? \"yes\" %: \"no\" %) }", context);
    assertThat(p.errors()).isEmpty();
    return ScriptPrinter.print(p.script()).contains("\"yes\"") ? "yes" : "no";
  }

  private static String error(String condition) {
    var p = Scripts.parse("probe begin { x = %( " + condition + " %? 1 %: 2 %) }");
    return p.errors();
  }

  @Test
  void kernelVersionsCompareAsVersions() {
    assertThat(pick("kernel_v >= \"6.18\"")).isEqualTo("yes");
    assertThat(pick("kernel_v > \"6.18.44\"")).isEqualTo("no");
    assertThat(pick("kernel_v == \"6.18.44\"")).isEqualTo("yes");
    assertThat(pick("kernel_vr == \"6.18.44\"")).isEqualTo("no");
    assertThat(pick("kernel_vr == \"6.18.44-test\"")).isEqualTo("yes");
    assertThat(pick("kernel_v < \"6.9\"")).isEqualTo("no");
    assertThat(pick("kernel_v != \"6.1*\"")).isEqualTo("no");
    assertThat(pick("kernel_vr == \"*-test\"")).isEqualTo("yes");
  }

  @Test
  void archRuntimePrivilegeAndGuruMode() {
    assertThat(pick("arch == \"x86_64\"")).isEqualTo("yes");
    assertThat(pick("arch == \"i?86\"")).isEqualTo("no");
    assertThat(pick("arch != \"arm*\"")).isEqualTo("yes");
    assertThat(pick("runtime == \"bpf\"")).isEqualTo("yes");
    assertThat(pick("runtime == \"kernel\"")).isEqualTo("no");
    assertThat(pick("systemtap_privilege == \"stapdev\"")).isEqualTo("yes");
    assertThat(pick("systemtap_v >= \"4.0\"")).isEqualTo("yes");
    assertThat(pick("guru_mode == 1")).isEqualTo("no");
    assertThat(pick("guru_mode == 1", Scripts.CONTEXT.withGuruMode(true))).isEqualTo("yes");
  }

  @Test
  void configOptionsCompareAsStringsNumbersOrEachOther() {
    assertThat(pick("CONFIG_64BIT == \"y\"")).isEqualTo("yes");
    assertThat(pick("CONFIG_64BIT == \"[ym]\"")).isEqualTo("yes");
    assertThat(pick("CONFIG_UNSET == \"y\"")).isEqualTo("no");
    assertThat(pick("CONFIG_UNSET == \"\"")).isEqualTo("yes");
    assertThat(pick("CONFIG_HZ >= 100")).isEqualTo("yes");
    assertThat(pick("CONFIG_BIG == 16")).isEqualTo("yes");
    assertThat(pick("CONFIG_UNSET == 0")).isEqualTo("yes");
    assertThat(pick("CONFIG_SMALL < CONFIG_BIG")).isEqualTo("yes");
    assertThat(pick("CONFIG_NAME == \"\\\"quoted\\\"\"")).isEqualTo("yes");
  }

  @Test
  void literalsCompareWithEachOther() {
    assertThat(pick("1 < 2")).isEqualTo("yes");
    assertThat(pick("\"b\" < \"a\"")).isEqualTo("no");
    assertThat(pick("$# == 0")).isEqualTo("yes");
  }

  @Test
  void andBindsTighterThanOr() {
    assertThat(pick("1 == 1 || 1 == 2 && 1 == 2")).isEqualTo("yes");
    assertThat(pick("1 == 2 && 1 == 1 || 1 == 2")).isEqualTo("no");
    assertThat(pick("1 == 2 || 1 == 1 && 2 == 2")).isEqualTo("yes");
  }

  @Test
  void conditionalsNestAndTheDroppedBranchMayHoldAnything() {
    var p = Scripts.parse("""
        probe begin {
          x = %( arch == "s390" %? %( kernel_v < "2" %? a %: b %) junk ` $9 "open
          %: %( kernel_v < "2" %? c %: d %) %)
        }""");
    assertThat(p.errors()).isEmpty();
    assertThat(ScriptPrinter.print(p.script())).contains("x = d;");
  }

  @Test
  void elseIsOptional() {
    assertThat(ScriptPrinter.print(Scripts.clean("probe begin { x = 1 %( arch == \"s390\" %? + 1 %) }")))
        .contains("x = 1;");
  }

  @Test
  void badConditionsSayWhatIsExpected() {
    assertThat(error("arch >= \"x86\"")).contains("expected '==' or '!=' but found '>='");
    assertThat(error("kernel_v >= 5")).contains("expected a version string after kernel_v");
    assertThat(error("kernel_v < \"5*\"")).contains("wildcards can only be compared with '==' or '!='");
    assertThat(error("CONFIG_64BIT > 3")).contains("CONFIG_64BIT is \"y\", not a number");
    assertThat(error("\"a\" == 1")).contains("a string can only be compared with a string");
    assertThat(error("archh == \"x\"")).contains("unknown condition 'archh'").contains("did you mean 'arch'?");
    assertThat(error("arch == \"x86_64\" 1")).contains("expected '%?' after the condition but found number '1'");
  }

  @Test
  void misplacedConditionalTokensAreReported() {
    assertThat(Scripts.parse("probe begin { x = 1 %: 2 }").errors()).contains("'%:' without a conditional '%('");
    assertThat(Scripts.parse("probe begin { x = 1 %) }").errors()).contains("'%)' without a conditional '%('");
    assertThat(Scripts.parse("probe begin { x = 1 %? }").errors()).contains("'%?' without a conditional '%('");
    assertThat(Scripts.parse("probe begin { %( 1 == 1 %? x = 1 %: y %: z %) }").errors()).contains("a second '%:'");
    assertThat(Scripts.parse("probe begin { %( 1 == 1 %? x = 1 }").errors()).contains("conditional '%(' is not closed");
    assertThat(Scripts.parse("probe begin { %( 1 == %? x = 1 %) }").errors()).contains("incomplete condition after '%('");
  }

  @Test
  void macrosExpandWithParametersInTheCallersContext() {
    var script = Scripts.clean("""
        @define add(a, b) %( (@a) + (@b) %)
        @define twice(x) %( @add(@x, @x) %)
        probe begin { y = @twice(z * 2) }
        """);
    assertThat(ScriptPrinter.print(script)).contains("y = z * 2 + z * 2;");
  }

  @Test
  void aParameterlessMacroLeavesFollowingParenthesesAlone() {
    assertThat(ScriptPrinter.print(Scripts.clean("@define f %( sprint %) probe begin { x = @f(1) }")))
        .contains("x = sprint(1);");
  }

  @Test
  void macrosMayHoldConditionalsAndConditionalsMacros() {
    var script = Scripts.clean("""
        @define is_x86 %( arch == "x86_64" %)
        @define pick %( %( @is_x86 %? "x86" %: "other" %) %)
        probe begin { y = @pick }
        """);
    assertThat(ScriptPrinter.print(script)).contains("y = \"x86\";");
  }

  @Test
  void aDefineInADroppedBranchDefinesNothing() {
    var p = Scripts.parse("""
        %( arch == "s390" %? @define m %( 1 %) %)
        probe begin { y = @m }
        """);
    assertThat(p.errors()).contains("unknown operator or undefined macro '@m'");
  }

  @Test
  void libraryMacrosAreVisibleAndSeeOnlyTheLibrary() {
    var library = new Source("lib.stpm", """
        @define lib_value %( @helper %)
        @define helper %( 7 %)
        """);
    var p = Scripts.parse("""
        @define helper %( 99 %)
        probe begin { a = @lib_value; b = @helper }
        """, Scripts.CONTEXT, library);
    assertThat(p.errors()).isEmpty();
    String printed = ScriptPrinter.print(p.script());
    assertThat(printed).contains("a = 7;").contains("b = 99;");
  }

  @Test
  void macroFilesHoldOnlyDefinitionsAndNoDuplicates() {
    var diagnostics = new Diagnostics();
    var library = MacroLibrary.load(List.of(
            new Source("a.stpm", "@define one %( 1 %)"),
            new Source("b.stpm", "@define one %( 2 %)\n@define two %( 2 %)"),
            new Source("c.stpm", "@define three %( 3 %) probe begin { }")),
        Scripts.CONTEXT, diagnostics);
    assertThat(library.names()).containsExactly("one");
    assertThat(diagnostics.render())
        .contains("b.stpm:1:9: error: macro '@one' is already defined by another macro file")
        .contains("a.stpm:1:9: note: first defined here")
        .contains("c.stpm:1:23: error: a macro file may hold only '@define' macros, found keyword 'probe'");
  }

  @Test
  void nodesFromAMacroAreLocatedAtItsUse() {
    var script = Scripts.clean("@define plus(a, b) %( @a + @b %)\nprobe begin { x = @plus(1, 2) }");
    var probe = (ProbeDecl) script.decls().getFirst();
    var assign = (io.jstap.lang.ast.Assign) ((ExprStmt) probe.body().statements().getFirst()).expr();
    var sum = (Binary) assign.value();
    assertThat(sum.span().text()).isEqualTo("@plus(1, 2)");
    assertThat(sum.left().span().text()).isEqualTo("1");
    assertThat(assign.span().text()).isEqualTo("x = @plus(1, 2)");
  }

  @Test
  void errorsInsideAMacroPointIntoItAndAtItsUse() {
    var p = Scripts.parse("@define bad %( 1 + %)\nprobe begin { x = @bad }");
    assertThat(p.errors()).isEqualTo("""
        t.stp:2:24: error: expected an expression but found '}'
        probe begin { x = @bad }
                               ^
        """);
    var q = Scripts.parse("@define bad %( (1 + ; ) %)\nprobe begin { x = @bad }");
    assertThat(q.errors()).startsWith("""
        t.stp:1:21: error: expected an expression but found ';'
        @define bad %( (1 + ; ) %)
                            ^
        t.stp:2:19: note: in expansion of macro '@bad'
        probe begin { x = @bad }
                          ^~~~
        """);
  }

  @Test
  void runawayMacrosStop() {
    var p = Scripts.parse("@define a %( @b %)\n@define b %( @a %)\nprobe begin { x = @a }");
    assertThat(p.errors()).contains("expands too deeply").contains("more nested macro expansions");
    assertThat(p.diagnostics().errorCount()).isEqualTo(1);
  }

  @Test
  void macroMisuseIsReportedOnce() {
    assertThat(Scripts.parse("@define m(a) %( @a %)\nprobe begin { x = @m(1, 2) }").errors())
        .contains("macro '@m' takes 1 parameter, 2 given");
    assertThat(Scripts.parse("@define m(a, b) %( @a %)\nprobe begin { x = @m(1) }").errors())
        .contains("macro '@m' takes 2 parameters, 1 given");
    assertThat(Scripts.parse("@define m(a) %( @a %)\nprobe begin { x = @m(1 }").errors())
        .contains("macro use '@m(' is not closed with ')'");
    assertThat(Scripts.parse("@define m(a, a) %( @a %)\nprobe begin { }").errors())
        .contains("parameter 'a' appears twice");
    assertThat(Scripts.parse("@define %( 1 %)\nprobe begin { }").errors())
        .contains("expected a macro name after '@define'");
    assertThat(Scripts.parse("@define m 1\nprobe begin { }").errors())
        .contains("expected '%(' to start the body of macro '@m'");
    assertThat(Scripts.parse("@define m %( 1\nprobe begin { }").errors())
        .contains("the body of macro '@m' has no closing '%)'");
    assertThat(Scripts.parse("@define m %( @define n %( 1 %) %)\nprobe begin { x = @m }").errors())
        .contains("'@define' cannot appear inside a macro body");
  }

  @Test
  void contextDefaultsAreJstaps() {
    var c = PreprocessorContext.of("6.1.0-13-amd64", "x86_64", Map.of());
    assertThat(c.kernelVersion()).isEqualTo("6.1.0");
    assertThat(c.runtime()).isEqualTo("bpf");
    assertThat(c.systemtapVersion()).isEqualTo(PreprocessorContext.SYSTEMTAP_VERSION);
    assertThat(c.kernelConfig().apply("CONFIG_X")).isNull();
  }
}

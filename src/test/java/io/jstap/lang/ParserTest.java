package io.jstap.lang;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.lang.ast.AliasDecl;
import io.jstap.lang.ast.Assign;
import io.jstap.lang.ast.Autocast;
import io.jstap.lang.ast.Binary;
import io.jstap.lang.ast.Call;
import io.jstap.lang.ast.CastOp;
import io.jstap.lang.ast.Crement;
import io.jstap.lang.ast.Expr;
import io.jstap.lang.ast.ForeachStmt;
import io.jstap.lang.ast.FunctionDecl;
import io.jstap.lang.ast.GlobalDecl;
import io.jstap.lang.ast.InArray;
import io.jstap.lang.ast.NumberLit;
import io.jstap.lang.ast.ProbeDecl;
import io.jstap.lang.ast.ProbePoint;
import io.jstap.lang.ast.RegexMatch;
import io.jstap.lang.ast.SortOrder;
import io.jstap.lang.ast.StatKind;
import io.jstap.lang.ast.StringLit;
import io.jstap.lang.ast.TargetComponent;
import io.jstap.lang.ast.TargetVar;
import io.jstap.lang.ast.Ternary;
import io.jstap.lang.ast.Unary;
import io.jstap.lang.ast.Variable;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ParserTest {
  /** A compact prefix form of an expression's tree, for precedence checks. */
  static String tree(Expr e) {
    return switch (e) {
      case Variable v -> v.name();
      case NumberLit n -> Long.toString(n.value());
      case StringLit s -> '"' + s.value() + '"';
      case Binary b -> "(" + b.op().symbol() + " " + tree(b.left()) + " " + tree(b.right()) + ")";
      case Unary u -> "(" + u.op().symbol() + " " + tree(u.operand()) + ")";
      case Assign a -> "(" + a.op().symbol() + " " + tree(a.target()) + " " + tree(a.value()) + ")";
      case Ternary t -> "(? " + tree(t.condition()) + " " + tree(t.ifTrue()) + " " + tree(t.ifFalse()) + ")";
      case Crement c -> "(" + (c.op().isPrefix() ? c.op().symbol() + "x" : "x" + c.op().symbol()) + " " + tree(c.operand()) + ")";
      case RegexMatch r -> "(" + (r.negated() ? "!~" : "=~") + " " + tree(r.subject()) + " \"" + r.pattern().value() + "\")";
      case InArray i -> "(in [" + i.keys().stream().map(ParserTest::tree).collect(Collectors.joining(" ")) + "] " + tree(i.array()) + ")";
      case Call c -> c.function() + "(" + c.args().stream().map(ParserTest::tree).collect(Collectors.joining(" ")) + ")";
      default -> AstShape.of(e);
    };
  }

  private static String parsed(String expression) {
    return tree(Scripts.expr(expression));
  }

  @Test
  void precedenceFollowsSystemTap() {
    assertThat(parsed("a = b + c * d")).isEqualTo("(= a (+ b (* c d)))");
    assertThat(parsed("a . b + c")).isEqualTo("(. a (+ b c))");
    assertThat(parsed("a << b . c")).isEqualTo("(<< a (. b c))");
    assertThat(parsed("a < b << c")).isEqualTo("(< a (<< b c))");
    assertThat(parsed("a in b & c")).isEqualTo("(& (in [a] b) c)");
    assertThat(parsed("a & b ^ c | d")).isEqualTo("(| (^ (& a b) c) d)");
    assertThat(parsed("a | b && c || d")).isEqualTo("(|| (&& (| a b) c) d)");
    assertThat(parsed("a || b ? c : d")).isEqualTo("(? (|| a b) c d)");
    assertThat(parsed("-a * !b")).isEqualTo("(* (- a) (! b))");
    assertThat(parsed("-a++")).isEqualTo("(- (x++ a))");
    assertThat(parsed("a - b - c")).isEqualTo("(- (- a b) c)");
    assertThat(parsed("a < b == c")).isEqualTo("(== (< a b) c)");
  }

  @Test
  void assignmentAndTernaryGroupToTheRight() {
    assertThat(parsed("a = b += c")).isEqualTo("(= a (+= b c))");
    assertThat(parsed("a ? b : c ? d : e")).isEqualTo("(? a b (? c d e))");
    assertThat(parsed("a ? b = 1 : c")).isEqualTo("(? a (= b 1) c)");
    assertThat(parsed("s <<< x + 1")).isEqualTo("(<<< s (+ x 1))");
  }

  @Test
  void regexMatchTakesALiteralPattern() {
    assertThat(parsed("s =~ \"^a\" \"b\"")).isEqualTo("(=~ s \"^ab\")");
    assertThat(parsed("x . y !~ \"z\"")).isEqualTo("(!~ (. x y) \"z\")");
    assertThat(Scripts.parse("probe begin { s =~ pattern }").errors())
        .contains("expected a regular expression in a string literal after '=~' but found 'pattern'");
  }

  @Test
  void membershipTakesKeysAndWildcards() {
    assertThat(parsed("[a, b + 1] in arr")).isEqualTo("(in [a (+ b 1)] arr)");
    assertThat(parsed("[x] in arr")).isEqualTo("(in [x] arr)");
    assertThat(parsed("[x]")).isEqualTo("x");
    assertThat(AstShape.of(Scripts.expr("[*, 1] in arr"))).contains("AnyIndex()");
  }

  @Test
  void targetVariablesTakeComponentsAndPrettyPrinting() {
    var v = (TargetVar) ((Assign) Scripts.expr("x = $a->b[2]->c$")).value();
    assertThat(v.name()).isEqualTo("$a");
    assertThat(v.components()).hasSize(4);
    assertThat(v.components().getLast()).isEqualTo(new TargetComponent.PrettyPrint(v.components().getLast().span(), "$"));
    var all = (TargetVar) ((Assign) Scripts.expr("x = $$parms$$")).value();
    assertThat(all.name()).isEqualTo("$$parms");
    assertThat(((TargetComponent.PrettyPrint) all.components().getFirst()).dollars()).isEqualTo("$$");
    assertThat(Scripts.parse("probe begin { x = $a$->b }").errors()).contains("nothing can follow a pretty-printing '$'");
  }

  @Test
  void castAndAutocast() {
    var cast = (CastOp) ((Assign) Scripts.expr("x = @cast(p, \"struct task_struct\", \"kernel\")->pid")).value();
    assertThat(cast.type()).isEqualTo("struct task_struct");
    assertThat(cast.module()).isEqualTo("kernel");
    var auto = (Autocast) ((Assign) Scripts.expr("x = f()->a")).value();
    assertThat(auto.operand()).isInstanceOf(Call.class);
    var address = (Autocast) ((Assign) Scripts.expr("x = &y")).value();
    assertThat(address.addressOf()).isTrue();
    var merged = (TargetVar) ((Assign) Scripts.expr("x = &($v)->f")).value();
    assertThat(merged.addressOf()).isTrue();
    assertThat(merged.components()).hasSize(1);
  }

  @Test
  void probePointsGlueWildcardsAndExpandBraceGroups() {
    var probe = (ProbeDecl) Scripts.clean("probe {a, b}.sys_*.return!, c? if (x) { }").decls().getFirst();
    assertThat(probe.points()).extracting(ScriptPrinter::print)
        .containsExactly("a.sys_*.return!", "b.sys_*.return!", "c? if (x)");
    ProbePoint first = probe.points().getFirst();
    assertThat(first.optional()).isTrue();
    assertThat(first.sufficient()).isTrue();
    var spaced = Scripts.parse("probe a.sys_ * { }");
    assertThat(spaced.errors()).contains("expected ',' or '{' after the probe point but found '*'");
  }

  @Test
  void aliasesRecordPrologueAndEpilogue() {
    var decls = Scripts.clean("""
        probe a = b { x = 1 }
        probe c += d { }
        probe e = f { }, { y = 2 }
        """).decls();
    var a = (AliasDecl) decls.get(0);
    assertThat(a.prologue()).isNotNull();
    assertThat(a.epilogue()).isNull();
    var c = (AliasDecl) decls.get(1);
    assertThat(c.prologue()).isNull();
    assertThat(c.epilogue()).isNotNull();
    var e = (AliasDecl) decls.get(2);
    assertThat(e.prologue()).isNotNull();
    assertThat(e.epilogue().statements()).hasSize(1);
    assertThat(Scripts.parse("probe a? = b { }").errors()).contains("an alias name cannot be optional");
    assertThat(Scripts.parse("probe a += b { }, { }").errors()).contains("an alias defined with '+=' has only an epilogue");
  }

  @Test
  void globalsAndFunctions() {
    var decls = Scripts.clean("""
        global a = -1, b%[10]
        function f:string (x:long, y) : 3 { return "" }
        """).decls();
    var g = (GlobalDecl) decls.get(0);
    assertThat(((NumberLit) g.variables().get(0).initializer()).value()).isEqualTo(-1);
    assertThat(g.variables().get(1).wrap()).isTrue();
    assertThat(g.variables().get(1).maxEntries()).isEqualTo(10);
    var f = (FunctionDecl) decls.get(1);
    assertThat(f.priority()).isEqualTo(3);
    assertThat(f.params()).extracting(FunctionDecl.Param::name).containsExactly("x", "y");
    assertThat(Scripts.parse("global a[0]").errors()).contains("array size must be between 1 and 2147483647");
    assertThat(Scripts.parse("global a[5] = 1").errors()).contains("only scalar globals can have an initial value");
    assertThat(Scripts.parse("function f(a, a) { }").errors()).contains("parameter 'a' appears twice");
    assertThat(Scripts.parse("function f() : 0 { }").errors()).contains("priority must be at least 1");
  }

  @Test
  void foreachSortColumns() {
    var f = (ForeachStmt) ((ProbeDecl) Scripts.clean("probe end { foreach ([a, b-] in x limit 5) ; }")
        .decls().getFirst()).body().statements().getFirst();
    assertThat(f.sortOrder()).isEqualTo(SortOrder.DESCENDING);
    assertThat(f.sortColumn()).isEqualTo(2);
    assertThat(f.limit()).isNotNull();
    var g = (ForeachStmt) ((ProbeDecl) Scripts.clean("probe end { foreach (v = k in x @max+) ; }")
        .decls().getFirst()).body().statements().getFirst();
    assertThat(g.sortColumn()).isZero();
    assertThat(g.sortAggregate()).isEqualTo(StatKind.MAX);
    assertThat(g.value().name()).isEqualTo("v");
    assertThat(Scripts.parse("probe end { foreach (k in x @sum) ; }").errors()).contains("expected '+' or '-' after @sum");
  }

  @Test
  void spansCoverTheirText() {
    var probe = (ProbeDecl) Scripts.clean("probe begin {\n  total += count * 2\n}").decls().getFirst();
    Assign a = (Assign) ((io.jstap.lang.ast.ExprStmt) probe.body().statements().getFirst()).expr();
    assertThat(a.span().text()).isEqualTo("total += count * 2");
    assertThat(a.value().span().text()).isEqualTo("count * 2");
    assertThat(a.span().line()).isEqualTo(2);
    assertThat(a.span().column()).isEqualTo(3);
    assertThat(probe.span().text()).startsWith("probe begin {").endsWith("}");
  }

  @Test
  void returnOnlyInFunctions() {
    assertThat(Scripts.parse("function f() { return 1 }").errors()).isEmpty();
    assertThat(Scripts.parse("probe begin { return }").errors()).contains("'return' outside a function");
  }

  @Test
  void guruOnlyConstructsNeedGuruMode() {
    assertThat(Scripts.parse("probe begin { x = @const(\"A\") }").errors()).contains("@const is only allowed in guru mode");
    assertThat(Scripts.parse("probe begin { x = @kregister(1) }").errors()).contains("@kregister is only allowed in guru mode");
    assertThat(Scripts.parse("probe begin { x = @uregister(1) }").errors()).isEmpty();
    assertThat(Scripts.parse("%{ int x; %}\nprobe begin { }", Scripts.CONTEXT.withGuruMode(true)).errors()).isEmpty();
  }

  @Test
  void deepNestingIsRefusedNotOverflowed() {
    String deep = "(".repeat(5000) + "1" + ")".repeat(5000);
    var p = Scripts.parse("probe begin { x = " + deep + " }");
    assertThat(p.errors()).contains("nesting is too deep here");
    String unary = "!".repeat(20000) + "1";
    assertThat(Scripts.parse("probe begin { x = " + unary + " }").errors()).contains("nesting is too deep");
    String blocks = "{".repeat(5000) + "}".repeat(5000);
    assertThat(Scripts.parse("probe begin " + blocks).errors()).contains("nesting is too deep");
  }

  @Test
  void tooManyErrorsStopTheParse() {
    var p = Scripts.parse("probe begin {\n" + "  x = ;\n".repeat(200) + "}");
    assertThat(p.diagnostics().errorCount()).isLessThanOrEqualTo(51);
    assertThat(p.errors()).contains("too many errors; stopping here");
  }
}

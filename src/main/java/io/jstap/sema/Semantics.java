package io.jstap.sema;

import io.jstap.lang.Diagnostic;
import io.jstap.lang.Diagnostics;
import io.jstap.lang.Span;
import io.jstap.lang.ast.AliasDecl;
import io.jstap.lang.ast.Decl;
import io.jstap.lang.ast.EmbeddedCode;
import io.jstap.lang.ast.FunctionDecl;
import io.jstap.lang.ast.GlobalDecl;
import io.jstap.lang.ast.ProbeDecl;
import io.jstap.lang.ast.ProbePoint;
import io.jstap.lang.ast.Script;
import io.jstap.lang.ast.StringLit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Pass 2: resolves a parsed script against the tapset and the machine, and checks its types.
 * Kernel-free: what it needs of the machine comes through a {@link ProbeEnvironment}.
 */
public final class Semantics {
  private Semantics() {}

  /** What pass 2 needs besides the script. */
  public record Inputs(
      List<Script> tapsets,
      ProbeEnvironment environment,
      Function<ProbePoint, List<AliasDecl>> generatedAliases,
      String defaultProcess,
      boolean guru) {}

  /** Resolves and checks {@code script}; problems go to {@code diagnostics}. */
  public static CheckedScript check(Script script, Inputs in, Diagnostics diagnostics) {
    var all = new ArrayList<Script>();
    all.add(script);
    all.addAll(in.tapsets());

    var globals = new LinkedHashMap<String, VariableSymbol>();
    var functionDecls = new HashMap<String, List<FunctionDecl>>();
    for (int i = 0; i < all.size(); i++) {
      boolean user = i == 0;
      for (Decl d : all.get(i).decls()) {
        switch (d) {
          case GlobalDecl g -> declareGlobals(g, globals, user, diagnostics);
          case FunctionDecl f -> declareFunction(f, functionDecls, user, diagnostics);
          case EmbeddedCode e -> {
            if (user) {
              diagnostics.report(Diagnostic.error(e.span(), "embedded C: jstap runs scripts on"
                  + " eBPF and cannot run embedded C" + (in.guru() ? "" : " (SystemTap allows"
                  + " it only in guru mode, -g)")));
            }
          }
          case ProbeDecl p -> {}
          case AliasDecl a -> {}
        }
      }
    }
    // A tapset function that several tapset files define: the highest priority wins.
    for (var decls : functionDecls.values()) {
      decls.sort((a, b) -> Long.compare(b.priority(), a.priority()));
    }

    var resolver = new ProbeResolver(all, in.generatedAliases(), in.environment(), diagnostics,
        in.defaultProcess());
    List<ResolvedProbe> probes = new ArrayList<>();
    int group = 0;
    for (Decl d : script.decls()) {
      if (d instanceof ProbeDecl p) probes.addAll(resolver.resolve(p, group++));
    }
    boolean hasProbes = script.decls().stream().anyMatch(d -> d instanceof ProbeDecl);
    if (hasProbes) {
      // As in SystemTap, a tapset file the script reaches brings its probes along (argv.stp's
      // begin probe fills argv[]).
      for (Script tapset : in.tapsets()) {
        for (Decl d : tapset.decls()) {
          if (d instanceof ProbeDecl p) probes.addAll(resolver.resolve(p, group++));
        }
      }
    } else {
      // As SystemTap: a script of functions and globals alone has nothing to run.
      diagnostics.report(Diagnostic.error(Span.at(script.span().source(), 0), "no probes found")
          .withHint("a script needs at least one 'probe POINT { ... }', such as 'probe begin'"));
    }
    var entryValues = new EntryValues(globals, diagnostics);
    probes = new ArrayList<>(entryValues.expand(probes));
    var checker = new TypeChecker(diagnostics, globals, functionDecls, in.guru(),
        entryValues.reads, script.span().source());
    checker.setProbes(probes);
    checker.check(probes);
    // A tapset's globals exist for the scripts that use its functions or macros (@this1).
    globals.values().removeIf(g -> !g.isRead() && !g.isWritten()
        && !g.declaredAt().source().equals(script.span().source()));
    return new CheckedScript(probes, globals, checker.functions, checker.handlerLocals,
        checker.types, checker.variables, checker.functionCalls, checker.builtinCalls,
        entryValues.reads);
  }

  private static void declareGlobals(
      GlobalDecl g, Map<String, VariableSymbol> globals, boolean user, Diagnostics diagnostics) {
    for (GlobalDecl.Variable v : g.variables()) {
      VariableSymbol existing = globals.get(v.name());
      if (existing != null) {
        if (user) {
          diagnostics.report(Diagnostic.error(v.span(), "global '" + v.name()
              + "' is declared twice").withNote(existing.declaredAt(), "first declared here"));
        }
        continue;
      }
      var s = new VariableSymbol(v.name(), VariableSymbol.Scope.GLOBAL, v.span(), v);
      s.fromTapset = !user;
      if (v.initializer() != null) {
        s.type = v.initializer() instanceof StringLit ? Type.STRING : Type.LONG;
        s.typedAt = v.initializer().span();
        s.arity = 0;
        s.arityAt = v.span();
      }
      globals.put(v.name(), s);
    }
  }

  private static void declareFunction(
      FunctionDecl f, Map<String, List<FunctionDecl>> decls, boolean user, Diagnostics diagnostics) {
    var list = decls.computeIfAbsent(f.name(), k -> new ArrayList<>());
    for (FunctionDecl other : list) {
      if (other.params().size() == f.params().size() && user && other.priority() == f.priority()) {
        diagnostics.report(Diagnostic.error(f.span(), "function '" + f.name() + "' with "
            + f.params().size() + " parameters is defined twice")
            .withNote(other.span(), "first defined here"));
        return;
      }
    }
    list.add(f);
  }
}

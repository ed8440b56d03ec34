package io.jstap.sema;

import io.jstap.lang.ast.Call;
import io.jstap.lang.ast.EntryOp;
import io.jstap.lang.ast.Expr;
import io.jstap.lang.ast.Variable;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A script after resolution and type checking: the concrete probes, the globals and reachable
 * functions with their types, and side tables (keyed by node identity) that say what each
 * expression's type is, what each name refers to and what each call calls.
 *
 * @param handlerLocals the locals of each handler group ({@link ResolvedProbe#group()})
 * @param entryValues each {@code @entry} of a return probe and the local that holds its value
 *     there (see {@link EntryValues})
 */
public record CheckedScript(
    List<ResolvedProbe> probes,
    Map<String, VariableSymbol> globals,
    Map<String, FunctionSymbol> functions,
    Map<Integer, Map<String, VariableSymbol>> handlerLocals,
    IdentityHashMap<Expr, Type> types,
    IdentityHashMap<Variable, VariableSymbol> variables,
    IdentityHashMap<Call, FunctionSymbol> functionCalls,
    IdentityHashMap<Call, Builtin> builtinCalls,
    Map<EntryOp, Expr> entryValues) {

  /** The inferred type of an expression. */
  public Type typeOf(Expr e) {
    return types.getOrDefault(e, Type.UNKNOWN);
  }

  /** The variable a name refers to. */
  public VariableSymbol symbolOf(Variable v) {
    return variables.get(v);
  }

  /**
   * Globals the user's script writes but never reads: SystemTap prints them at the end (not
   * a tapset's, such as the argv[] that argv.stp fills).
   */
  public List<VariableSymbol> globalsToPrintAtEnd() {
    return globals.values().stream()
        .filter(g -> g.isWritten() && !g.isRead() && !g.fromTapset).toList();
  }
}

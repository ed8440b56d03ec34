package io.jstap.sema;

import io.jstap.lang.Span;
import io.jstap.lang.ast.Block;
import io.jstap.lang.ast.FunctionDecl;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A script or tapset function that some probe reaches, with its inferred types. */
public final class FunctionSymbol {
  private final FunctionDecl decl;
  private final List<VariableSymbol> params;
  final Map<String, VariableSymbol> locals = new LinkedHashMap<>();
  Type returnType = Type.UNKNOWN;
  Span returnTypedAt;
  boolean returnsValue;

  FunctionSymbol(FunctionDecl decl, List<VariableSymbol> params) {
    this.decl = decl;
    this.params = List.copyOf(params);
    for (VariableSymbol p : params) locals.put(p.name(), p);
  }

  public String name() {
    return decl.name();
  }

  public FunctionDecl decl() {
    return decl;
  }

  /** The body, or null when it is embedded C. */
  public Block body() {
    return decl.body() instanceof Block b ? b : null;
  }

  public List<VariableSymbol> params() {
    return params;
  }

  /** Parameters and locals, by name. */
  public Map<String, VariableSymbol> locals() {
    return locals;
  }

  /** The return type; {@link Type#UNKNOWN} for a function that returns nothing. */
  public Type returnType() {
    return returnType;
  }

  @Override
  public String toString() {
    var b = new StringBuilder(decl.name()).append(':').append(returnType.word()).append(" (");
    for (int i = 0; i < params.size(); i++) {
      if (i > 0) b.append(", ");
      b.append(params.get(i).name()).append(':').append(params.get(i).type().word());
    }
    return b.append(')').toString();
  }
}

package io.jstap.sema;

import io.jstap.lang.Span;
import io.jstap.lang.ast.GlobalDecl;
import java.util.ArrayList;
import java.util.List;

/**
 * A script variable: a global, a probe's or function's local, or a function parameter. Type
 * inference fills in its value type and, for associative arrays, its key types.
 */
public final class VariableSymbol {
  /** Where a variable lives. */
  public enum Scope {
    GLOBAL,
    LOCAL,
    PARAM
  }

  private final String name;
  private final Scope scope;
  private final Span declaredAt;
  private final GlobalDecl.Variable global;
  Type type = Type.UNKNOWN;
  Span typedAt;
  /** -1 while unknown, 0 for a scalar, N for an array indexed by N keys. */
  int arity = -1;
  Span arityAt;
  final List<Type> keyTypes = new ArrayList<>();
  final List<Span> keyTypedAt = new ArrayList<>();
  boolean read;
  boolean written;
  /** Declared by a tapset file rather than the user's script. */
  boolean fromTapset;

  VariableSymbol(String name, Scope scope, Span declaredAt, GlobalDecl.Variable global) {
    this.name = name;
    this.scope = scope;
    this.declaredAt = declaredAt;
    this.global = global;
  }

  public String name() {
    return name;
  }

  public Scope scope() {
    return scope;
  }

  /** Where it was declared ({@code global}, parameter) or first appeared (locals). */
  public Span declaredAt() {
    return declaredAt;
  }

  /** The global's declaration (size, wrap, initializer), or null for locals and parameters. */
  public GlobalDecl.Variable globalDecl() {
    return global;
  }

  /** The type of its value (of each element, for an array). */
  public Type type() {
    return type;
  }

  public boolean isArray() {
    return arity > 0;
  }

  /** The number of keys of an array, 0 for a scalar. */
  public int arity() {
    return Math.max(arity, 0);
  }

  /** The types of an array's keys, in order. */
  public List<Type> keyTypes() {
    return List.copyOf(keyTypes);
  }

  /** The script reads it (a global written but never read is printed at the end). */
  public boolean isRead() {
    return read;
  }

  public boolean isWritten() {
    return written;
  }

  @Override
  public String toString() {
    var b = new StringBuilder(name);
    if (isArray()) {
      b.append('[');
      for (int i = 0; i < keyTypes.size(); i++) {
        if (i > 0) b.append(", ");
        b.append(keyTypes.get(i).word());
      }
      b.append(']');
    }
    return b.append(':').append(type.word()).toString();
  }
}

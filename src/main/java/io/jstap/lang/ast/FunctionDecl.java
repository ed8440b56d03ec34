package io.jstap.lang.ast;

import io.jstap.lang.Span;
import java.util.List;

/**
 * {@code function NAME[:TYPE] (PARAM[:TYPE], ...) [: PRIORITY] { BODY }} or with an embedded
 * C body {@code %{ ... %}}. The same name may be declared several times (overloads by arity,
 * or tapset overrides by priority).
 *
 * @param returnType the declared type, or {@link DeclaredType#UNSPECIFIED} to infer it
 * @param priority tapset override priority ({@code : N} after the parameters, N &gt; 0), or 0
 *     when not given
 */
public record FunctionDecl(
    Span span,
    boolean isPrivate,
    String name,
    DeclaredType returnType,
    List<Param> params,
    long priority,
    FunctionBody body)
    implements Decl {
  public FunctionDecl {
    params = List.copyOf(params);
  }

  /** A formal parameter, with its declared type or {@link DeclaredType#UNSPECIFIED}. */
  public record Param(Span span, String name, DeclaredType type) implements Node {}
}

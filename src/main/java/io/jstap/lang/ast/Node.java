package io.jstap.lang.ast;

import io.jstap.lang.Span;

/** Any node of the syntax tree. */
public sealed interface Node
    permits Script,
        Decl,
        Stmt,
        Expr,
        FunctionBody,
        ProbePoint,
        ProbePoint.Component,
        GlobalDecl.Variable,
        FunctionDecl.Param,
        TargetComponent {
  /** Where the node is in the parsed file. */
  Span span();
}

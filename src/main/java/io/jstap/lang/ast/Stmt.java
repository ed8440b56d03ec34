package io.jstap.lang.ast;

/** A statement in a probe or function body. */
public sealed interface Stmt extends Node
    permits Block,
        ExprStmt,
        IfStmt,
        WhileStmt,
        ForStmt,
        ForeachStmt,
        NextStmt,
        BreakStmt,
        ContinueStmt,
        ReturnStmt,
        DeleteStmt,
        TryStmt,
        EmptyStmt {}

package io.jstap.lang.ast;

/** An expression. */
public sealed interface Expr extends Node
    permits Literal,
        Variable,
        ArrayIndex,
        AnyIndex,
        Call,
        Unary,
        Crement,
        Binary,
        RegexMatch,
        Ternary,
        Assign,
        InArray,
        StatOp,
        HistogramOp,
        TargetExpr,
        EntryOp,
        DefinedOp,
        ProbeWriteOp,
        ConstOp,
        PerfOp,
        RegisterOp,
        DerefOp,
        EmbeddedExpr {}

package io.jstap.lang.ast;

/** A top-level declaration. */
public sealed interface Decl extends Node
    permits ProbeDecl, AliasDecl, GlobalDecl, FunctionDecl, EmbeddedCode {}

package io.jstap.lang.ast;

/** What a function runs: script statements, or embedded C (guru mode only). */
public sealed interface FunctionBody extends Node permits Block, EmbeddedCode {}

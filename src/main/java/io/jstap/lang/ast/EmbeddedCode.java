package io.jstap.lang.ast;

import io.jstap.lang.Span;

/**
 * Embedded C, {@code %{ ... %}}, at top level or as a function body. Kept as opaque text:
 * SystemTap pastes it into a kernel module, which jstap does not build, so a later stage
 * reports where it is used.
 *
 * @param code the text between {@code %{} and {@code %}}, verbatim
 */
public record EmbeddedCode(Span span, String code) implements Decl, FunctionBody {}

package io.jstap.codegen;

import io.jstap.bpf.ProgramSpec;
import io.jstap.sema.ResolvedProbe;

/**
 * One kernel-context probe, compiled.
 *
 * @param optional failing to attach it is not an error (the point had {@code ?} or {@code !})
 */
public record KernelProgram(ResolvedProbe probe, ProgramSpec spec, AttachPoint attach,
    boolean optional) {}

package io.jstap.kernel;

/**
 * One argument a tracepoint passes to its probes (its TP_PROTO), as a raw tracepoint program sees
 * it: the value is {@code ctx->args[index]} (struct bpf_raw_tracepoint_args).
 *
 * @param index the position among the arguments, from 0
 * @param name the parameter name in the kernel source
 * @param btfType the BTF type id, in the BTF of the {@link KernelFacts} that gave it
 * @param typeName the C spelling of the type, e.g. {@code struct sk_buff *}
 */
public record TracepointArgument(int index, String name, int btfType, String typeName) {}

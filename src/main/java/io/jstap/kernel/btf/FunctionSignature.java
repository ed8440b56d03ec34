package io.jstap.kernel.btf;

import java.util.List;

/**
 * The prototype of a BTF FUNC: its parameters with their names and types.
 *
 * @param name the function's name
 * @param funcId the id of the FUNC record
 * @param protoId the id of its FUNC_PROTO
 * @param returnType the return type id (0 for void)
 * @param params the parameters in order
 * @param variadic whether the prototype ends with {@code ...}
 * @param linkage static, global or extern
 */
public record FunctionSignature(String name, int funcId, int protoId, int returnType,
    List<BtfType.Param> params, boolean variadic, BtfType.Linkage linkage) {
  public FunctionSignature {
    params = List.copyOf(params);
  }
}

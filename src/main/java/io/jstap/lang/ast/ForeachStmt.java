package io.jstap.lang.ast;

import io.jstap.lang.Span;
import java.util.List;

/**
 * {@code foreach ([v =] [k1, k2+] in array[slice] [@agg][+|-] [limit N]) body}: iterates an
 * associative array (or a histogram's buckets), binding each key to {@code keys} and, with
 * {@code v =}, the value to {@code value}.
 *
 * @param value the variable bound to each element's value, or null
 * @param keys the variables bound to each element's keys (one per index of the array)
 * @param array a {@link Variable} or a {@link HistogramOp}
 * @param slice {@code array[e1, *, e3]}: only elements whose keys match (a {@link AnyIndex}
 *     matches any key); empty when no slice is given
 * @param sortOrder the {@code +} (ascending) or {@code -} (descending) marker, if any
 * @param sortColumn what the marker sorts by: 0 for the values, k for the k-th key (1-based);
 *     meaningless when {@code sortOrder} is {@link SortOrder#NONE}
 * @param sortAggregate {@code @sum-} etc.: for arrays of statistics, the aggregate the values
 *     are sorted by, or null
 * @param limit {@code limit N}: visit at most that many elements, or null
 */
public record ForeachStmt(
    Span span,
    Variable value,
    List<Variable> keys,
    Expr array,
    List<Expr> slice,
    SortOrder sortOrder,
    int sortColumn,
    StatKind sortAggregate,
    Expr limit,
    Stmt body)
    implements Stmt {
  public ForeachStmt {
    keys = List.copyOf(keys);
    slice = List.copyOf(slice);
  }
}

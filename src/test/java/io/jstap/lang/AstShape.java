package io.jstap.lang;

import io.jstap.lang.ast.Node;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * A syntax tree written out without its spans, so two parses of different text (a script and
 * its printed form) compare equal exactly when they are the same tree.
 */
final class AstShape {
  private AstShape() {}

  private record Field(String name, MethodHandle accessor) {}

  /** Each record class's components except its span, looked up once. */
  private static final ClassValue<List<Field>> FIELDS =
      new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
          var fields = new ArrayList<Field>();
          for (RecordComponent c : type.getRecordComponents()) {
            if (c.getType() == Span.class) continue;
            try {
              fields.add(new Field(c.getName(), MethodHandles.publicLookup().unreflect(c.getAccessor())));
            } catch (IllegalAccessException e) {
              throw new IllegalStateException(e);
            }
          }
          return fields;
        }
      };

  static String of(Node node) {
    var out = new StringBuilder();
    write(node, out, 0);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out, int indent) {
    switch (value) {
      case null -> out.append("null");
      case Record r -> {
        out.append(r.getClass().getSimpleName()).append('(');
        boolean first = true;
        for (Field f : FIELDS.get(r.getClass())) {
          if (!first) out.append(", ");
          first = false;
          out.append(f.name()).append('=');
          try {
            write(f.accessor().invoke(r), out, indent + 1);
          } catch (Throwable e) {
            throw new IllegalStateException(e);
          }
        }
        out.append(')');
      }
      case List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) out.append(", ");
          write(list.get(i), out, indent + 1);
        }
        out.append(']');
      }
      case String s -> out.append('"').append(StringLiterals.escape(s)).append('"');
      default -> out.append(value);
    }
  }
}

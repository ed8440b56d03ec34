package io.jstap.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TracepointCatalogueTest {
  /** A source that knows arguments but not subsystems, as BTF does. */
  private static final TracepointCatalogue ARGUMENTS = new TracepointCatalogue() {
    @Override
    public List<TracepointName> names() {
      return List.of(new TracepointName("", "kfree_skb"), new TracepointName("", "raw_only"));
    }

    @Override
    public Optional<Tracepoint> find(String subsystem, String event) {
      if (!event.equals("kfree_skb")) {
        return Optional.empty();
      }
      return Optional.of(new Tracepoint(new TracepointName("", event),
          List.of(new TracepointArgument(0, "skb", 7, "struct sk_buff *")), List.of(), "BTF"));
    }
  };

  /** A source that knows subsystems and record fields, as tracefs does. */
  private static final TracepointCatalogue FORMATS = new TracepointCatalogue() {
    @Override
    public List<TracepointName> names() {
      return List.of(new TracepointName("skb", "kfree_skb"),
          new TracepointName("syscalls", "sys_enter_openat"));
    }

    @Override
    public Optional<Tracepoint> find(String subsystem, String event) {
      if (!names().contains(new TracepointName(subsystem, event))) {
        return Optional.empty();
      }
      return Optional.of(new Tracepoint(new TracepointName(subsystem, event), List.of(),
          List.of(new TracepointFormat.Field("location", "void *", 16, 8, false, false)), ""));
    }
  };

  @Test
  void mergedNamesPreferTheOneWithASubsystem() {
    assertThat(TracepointCatalogue.merged(ARGUMENTS, FORMATS).names()).containsExactly(
        new TracepointName("", "raw_only"), new TracepointName("skb", "kfree_skb"),
        new TracepointName("syscalls", "sys_enter_openat"));
  }

  @Test
  void mergedTracepointsTakeArgumentsAndFieldsFromWhereTheyAre() {
    Tracepoint tp = TracepointCatalogue.merged(ARGUMENTS, FORMATS).find("skb", "kfree_skb")
        .orElseThrow();
    assertThat(tp.name()).isEqualTo(new TracepointName("skb", "kfree_skb"));
    assertThat(tp.arguments()).extracting(TracepointArgument::name).containsExactly("skb");
    assertThat(tp.fields()).extracting(TracepointFormat.Field::name).containsExactly("location");
    assertThat(tp.origin()).isEqualTo("BTF");
    Tracepoint openat = TracepointCatalogue.merged(ARGUMENTS, FORMATS)
        .find("syscalls", "sys_enter_openat").orElseThrow();
    assertThat(openat.arguments()).isEmpty();
    assertThat(openat.fields()).hasSize(1);
    assertThat(TracepointCatalogue.merged(ARGUMENTS, FORMATS).find("x", "y")).isEmpty();
  }

  @Test
  void parsesNames() {
    assertThat(TracepointName.parse("skb:kfree_skb"))
        .isEqualTo(new TracepointName("skb", "kfree_skb"));
    assertThat(TracepointName.parse("kfree_skb")).hasToString("kfree_skb");
    assertThat(new TracepointName("skb", "kfree_skb")).hasToString("skb:kfree_skb");
  }
}

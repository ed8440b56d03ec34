package io.jstap.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.testing.KernelTest;
import org.junit.jupiter.api.Test;

@KernelTest
class TracefsKernelTest {
  @Test
  void findsOrMountsTracefsAndReadsEvents() {
    Tracefs t = Tracefs.open();
    assertThat(t.root().resolve("events")).isDirectory();
    if (t.mountNote() != null) assertThat(t.mountNote()).isEqualTo("mounted tracefs at /sys/kernel/tracing");
    // a second open finds the mount
    assertThat(Tracefs.open().mountNote()).isNull();

    assertThat(t.availableEvents()).contains("syscalls:sys_enter_openat", "sched:sched_switch");
    assertThat(t.exists("syscalls", "sys_enter_openat")).isTrue();
    assertThat(t.exists("syscalls", "sys_enter_nothing")).isFalse();

    TracepointFormat f = t.format("syscalls", "sys_enter_openat");
    assertThat(f.id()).isEqualTo(t.eventId("syscalls", "sys_enter_openat")).isPositive();
    assertThat(f.field("common_pid")).get().satisfies(c -> {
      assertThat(c.common()).isTrue();
      assertThat(c.size()).isEqualTo(4);
      assertThat(c.signed()).isTrue();
    });
    assertThat(f.eventFields()).extracting(TracepointFormat.Field::name)
        .containsExactly("__syscall_nr", "dfd", "filename", "flags", "mode");
    assertThat(f.field("filename").orElseThrow().cType()).isEqualTo("const char *");
  }

  @Test
  void walkingEventsFindsWhatAvailableEventsLists() {
    Tracefs t = Tracefs.open();
    assertThat(new java.util.HashSet<>(t.walkEvents())).isEqualTo(new java.util.HashSet<>(t.availableEvents()));
  }
}

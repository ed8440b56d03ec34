package io.jstap.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstap.testing.DebianPackage;
import io.jstap.testing.TraceEventProgram;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Static functions found through their trace events, on a program built like QEMU (checked
 * against the symbols of its unstripped copy) and on Debian's QEMU itself.
 */
class TraceEventFunctionsTest {
  @TempDir static Path dir;
  static TraceEventProgram program;
  static ElfFile stripped;
  static ElfFile full;

  @BeforeAll
  static void build() throws Exception {
    program = TraceEventProgram.build(dir);
    stripped = ElfFile.open(program.stripped());
    full = ElfFile.open(program.unstripped());
  }

  @Test
  void stateSymbolsFollowQemusTracetool() {
    assertThat(TraceEventFunctions.stateSymbol("virtio_blk_rw_complete"))
        .isEqualTo("_TRACE_VIRTIO_BLK_RW_COMPLETE_DSTATE");
  }

  @Test
  void findsTheStaticFunctionOfAnEvent() throws IOException {
    assertThat(stripped.symbols()).isEmpty();
    assertThat(TraceEventFunctions.hasEvent(stripped, "disk_done")).isTrue();
    TraceEventFunctions.Found found = TraceEventFunctions.find(stripped, "disk_done");
    ElfSymbol real = full.symbol("disk_done").orElseThrow();
    assertThat(found.range().start()).isEqualTo(real.value());
    assertThat(found.range().source()).isEqualTo(FunctionRange.Source.EH_FRAME);
    assertThat(found.range().contains(found.reference())).isTrue();
    assertThat(found.state().name()).isEqualTo("_TRACE_DISK_DONE_DSTATE");
    assertThat(found.describe()).startsWith("found disk_done at 0x"
        + Long.toHexString(real.value()) + " through its trace event");
  }

  @Test
  void namesWithoutAnEventOrWithASymbolAreNotAsked() throws IOException {
    // outer_step has its own symbol; main is no event; names are lower case in QEMU
    assertThat(TraceEventFunctions.hasEvent(stripped, "outer_step")).isFalse();
    assertThat(TraceEventFunctions.hasEvent(stripped, "main")).isFalse();
    assertThat(TraceEventFunctions.hasEvent(stripped, "DISK_DONE")).isFalse();
    assertThat(TraceEventFunctions.hasEvent(stripped, "")).isFalse();
  }

  @Test
  void aFunctionMayEmitEventsThatExtendItsName() throws IOException {
    TraceEventFunctions.Found found = TraceEventFunctions.find(stripped, "disk_submit");
    assertThat(found.range().start()).isEqualTo(full.symbol("disk_submit").orElseThrow().value());
    assertThat(TraceEventFunctions.eventsEmittedBy(stripped, found.range()))
        .containsExactlyInAnyOrder("disk_submit", "disk_submit_done");
    // disk_submit_done is emitted by disk_submit, which is not named after it... but it extends
    // that name, and nothing tells which of the two names the function has
    assertThatThrownBy(() -> TraceEventFunctions.find(stripped, "disk_submit_done"))
        .hasMessageContaining("also emits disk_submit:");
  }

  @Test
  void aFunctionEmittingUnrelatedEventsIsNamedAfterNone() throws IOException {
    long at = full.symbol("handle_request").orElseThrow().value();
    for (String event : new String[] {"handle_read", "handle_write"}) {
      assertThatThrownBy(() -> TraceEventFunctions.find(stripped, event))
          .isInstanceOf(ElfException.class)
          .hasMessageContaining("(at 0x" + Long.toHexString(at) + ") also emits handle_")
          .hasMessageContaining("jstap cannot tell whether it is " + event
              + "; if it is, probe it with .statement(0x" + Long.toHexString(at) + ")");
    }
  }

  @Test
  void anEventOfSeveralFunctionsIsAmbiguous() {
    assertThatThrownBy(() -> TraceEventFunctions.find(stripped, "shared_event"))
        .isInstanceOf(ElfException.class)
        .hasMessageContaining("is emitted by 2 functions")
        .hasMessageContaining("probe one of them with .statement(ADDRESS)");
  }

  @Test
  void anEventInsideAnotherNamedFunctionIsRefused() {
    assertThatThrownBy(() -> TraceEventFunctions.find(stripped, "inner_step"))
        .isInstanceOf(ElfException.class)
        .hasMessageContaining("is emitted inside outer_step")
        .hasMessageContaining("probe outer_step instead");
  }

  @Test
  void anEventNoCodeEmitsIsReported() {
    assertThatThrownBy(() -> TraceEventFunctions.find(stripped, "never_emitted"))
        .isInstanceOf(ElfException.class)
        .hasMessageContaining("reads _TRACE_NEVER_EMITTED_DSTATE")
        .hasMessageContaining("never emitted in this build");
    assertThatThrownBy(() -> TraceEventFunctions.find(stripped, "no_such_event"))
        .isInstanceOf(ElfException.class)
        .hasMessageContaining("no symbol _TRACE_NO_SUCH_EVENT_DSTATE");
  }

  @Test
  void findsVirtioBlkRwCompleteInDebiansQemu() throws IOException {
    Path qemu = DebianPackage.require("qemu-system-x86", "/usr/bin/qemu-system-x86_64");
    ElfFile elf = ElfFile.open(qemu);
    assertThat(TraceEventFunctions.hasEvent(elf, "virtio_blk_rw_complete")).isTrue();
    // exported functions are found by their symbols, never through an event
    assertThat(TraceEventFunctions.hasEvent(elf, "blk_error_action")).isFalse();
    TraceEventFunctions.Found found = TraceEventFunctions.find(elf, "virtio_blk_rw_complete");
    assertThat(found.range().source()).isEqualTo(FunctionRange.Source.EH_FRAME);
    assertThat(found.range().name()).isEmpty();
    // the function is the callback virtio-blk hands to blk_aio_pwritev: its address is taken
    CodeReferences code = CodeReferences.of(elf);
    assertThat(code.to(found.range().start(), 1)).isNotEmpty()
        .allMatch(r -> r.instruction().isLea());
    assertThat(TraceEventFunctions.eventsEmittedBy(elf, found.range()))
        .containsExactly("virtio_blk_rw_complete");
    // virtio_blk_handle_request emits virtio_blk_handle_read and _write: it is neither
    assertThatThrownBy(() -> TraceEventFunctions.find(elf, code, "virtio_blk_handle_write"))
        .hasMessageContaining("also emits virtio_blk_handle_read");
  }
}

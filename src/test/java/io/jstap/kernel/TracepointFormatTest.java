package io.jstap.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

class TracepointFormatTest {
  // events/sched/sched_process_exec/format and skb/kfree_skb/format as Linux 6.18 writes them
  static final String EXEC =
      """
      name: sched_process_exec
      ID: 312
      format:
      \tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
      \tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;
      \tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;
      \tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;

      \tfield:__data_loc char[] filename;\toffset:8;\tsize:4;\tsigned:0;
      \tfield:pid_t pid;\toffset:12;\tsize:4;\tsigned:1;
      \tfield:pid_t old_pid;\toffset:16;\tsize:4;\tsigned:1;
      \tfield:char comm[16];\toffset:20;\tsize:16;\tsigned:0;

      print fmt: "filename=%s pid=%d old_pid=%d", __get_str(filename), REC->pid, REC->old_pid
      """;

  @Test
  void parsesFieldsTypesAndCommonHeader() {
    TracepointFormat f = TracepointFormat.parse("sched", "sched_process_exec", EXEC);
    assertThat(f.id()).isEqualTo(312);
    assertThat(f.fields()).hasSize(8);
    assertThat(f.eventFields())
        .containsExactly(
            new TracepointFormat.Field("filename", "__data_loc char[]", 8, 4, false, false),
            new TracepointFormat.Field("pid", "pid_t", 12, 4, true, false),
            new TracepointFormat.Field("old_pid", "pid_t", 16, 4, true, false),
            new TracepointFormat.Field("comm", "char[16]", 20, 16, false, false));
    assertThat(f.field("common_type").orElseThrow())
        .isEqualTo(new TracepointFormat.Field("common_type", "unsigned short", 0, 2, false, true));
    assertThat(f.field("filename").orElseThrow().dataLoc()).isTrue();
    assertThat(f.printFormat()).startsWith("\"filename=%s");
  }

  @Test
  void aFormatWithoutIdIsReported() {
    assertThatThrownBy(() -> TracepointFormat.parse("a", "b", "name: b\nformat:\n"))
        .hasMessage("format of a:b has no ID line");
  }

  @Test
  void findsTracefsInProcMountsOrUnderDebugfs(@TempDir Path dir) throws Exception {
    Path mounted = Files.createDirectories(dir.resolve("my tracing/events")).getParent();
    Path debugfs = dir.resolve("debug/tracing");
    String mounts = "proc /proc proc rw 0 0\nnodev " + dir + "/my\\040tracing tracefs rw,relatime 0 0\n";
    assertThat(Tracefs.find(mounts, debugfs)).isEqualTo(mounted);
    // a tracefs line whose directory has no events/ does not count, nor does an empty debugfs
    assertThat(Tracefs.find("nodev /nonexistent tracefs rw 0 0\n", debugfs)).isNull();
    Files.createDirectories(debugfs.resolve("events"));
    assertThat(Tracefs.find("", debugfs)).isEqualTo(debugfs);
  }

  @Test
  void refusesPathsOutsideEvents() {
    assertThatThrownBy(() -> Tracefs.at(Path.of("/tmp")).eventId("..", "x")).hasMessage("bad tracepoint name ..:x");
  }
}

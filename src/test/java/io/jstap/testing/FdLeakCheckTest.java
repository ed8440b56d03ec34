package io.jstap.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.bpf.BpfMap;
import io.jstap.bpf.MapSpec;
import io.jstap.bpf.sys.FileDescriptors;
import org.junit.jupiter.api.Test;

@KernelTest
class FdLeakCheckTest {
  @Test
  void reportsALeakedMapWithWhereItWasCreated() {
    FileDescriptors.track(true);
    var before = FdLeakCheck.snapshot();
    BpfMap leaked = BpfMap.create(MapSpec.array("leaky", 8, 1));
    try {
      String report = FdLeakCheck.leaks(before, FdLeakCheck.snapshot());
      assertThat(report)
          .contains("fd " + leaked.fd() + " -> anon_inode:bpf-map")
          .contains("bpf(BPF_MAP_CREATE) leaky opened fd " + leaked.fd())
          .contains("at io.jstap.bpf.BpfMap.create")
          .contains("FdLeakCheckTest.reportsALeakedMapWithWhereItWasCreated");
    } finally {
      leaked.close();
    }
    assertThat(FdLeakCheck.leaks(before, FdLeakCheck.snapshot())).isEmpty();
  }
}

package io.jstap.dropwatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrivilegesTest {
  @Test
  void rootOrBpfWithPerfmonMayRun() {
    assertThat(Privileges.missing("Name:\tx\nCapEff:\t000001ffffffffff\n")).isEmpty();
    assertThat(Privileges.missing("CapEff:\t0000000000200000\n")).isEmpty(); // CAP_SYS_ADMIN
    assertThat(Privileges.missing("CapEff:\t000000c000000000\n")).isEmpty(); // CAP_BPF + CAP_PERFMON
  }

  @Test
  void othersAreToldWhatToDo() {
    assertThat(Privileges.missing("CapEff:\t0000000000000000\n")).get().asString()
        .contains("needs root").contains("CAP_BPF").contains("sudo");
    assertThat(Privileges.missing("CapEff:\t0000008000000000\n")).isPresent(); // CAP_BPF alone
  }
}

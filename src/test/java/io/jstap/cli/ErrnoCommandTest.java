package io.jstap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ErrnoCommandTest {
  @ParameterizedTest
  @ValueSource(strings = {"5", "-5", "0x5", "EIO", "eio", "05"})
  void everySpellingOfEioPrintsTheSameLine(String arg) {
    var run = CliRun.of("errno", arg);
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("EIO 5 Input/output error\n");
  }

  @Test
  void severalArgumentsAtOnce() {
    var run = CliRun.of("errno", "2", "EACCES");
    assertThat(run.out()).isEqualTo(
        "ENOENT 2 No such file or directory\nEACCES 13 Permission denied\n");
  }

  @Test
  void aNumberShowsItsAliases() {
    var run = CliRun.of("errno", "11");
    assertThat(run.out()).isEqualTo("EAGAIN 11 Resource temporarily unavailable\n"
        + "EWOULDBLOCK 11 Resource temporarily unavailable (alias of EAGAIN)\n");
    assertThat(CliRun.of("errno", "ENOTSUP").out())
        .isEqualTo("ENOTSUP 95 Operation not supported (alias of EOPNOTSUPP)\n");
  }

  @Test
  void kernelInternalCodesAreMarked() {
    var run = CliRun.of("errno", "-512");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("ERESTARTSYS 512 ").contains("kernel-internal");
  }

  @Test
  void listGivesEveryCodeInOrder() {
    var run = CliRun.of("errno", "-l");
    var lines = run.out().lines().toList();
    assertThat(lines.getFirst()).isEqualTo("EPERM 1 Operation not permitted");
    assertThat(lines).contains("EHWPOISON 133 Memory page has hardware error");
    var numbers = lines.stream().map(l -> Integer.parseInt(l.split(" ")[1])).toList();
    assertThat(numbers).isSorted();
  }

  @Test
  void searchNeedsEveryWord() {
    var run = CliRun.of("errno", "-s", "NO", "such", "file");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("ENOENT 2 No such file or directory\n");
    assertThat(CliRun.of("errno", "--search", "zebra").exitCode()).isEqualTo(1);
  }

  @Test
  void archChangesTheNumbering() {
    assertThat(CliRun.of("errno", "--arch", "mips", "EDQUOT").out())
        .isEqualTo("EDQUOT 1133 Disk quota exceeded\n");
    assertThat(CliRun.of("errno", "--arch", "sparc64", "78").out())
        .isEqualTo("EDEADLK 78 Resource deadlock avoided\n");
    assertThat(CliRun.of("errno", "--arch", "alpha", "35").out()).startsWith("EAGAIN 35 ");
  }

  @Test
  void jsonIsOneObjectPerCode() {
    var run = CliRun.of("errno", "--json", "EWOULDBLOCK");
    assertThat(run.out()).isEqualTo("{\"name\":\"EWOULDBLOCK\",\"number\":11,"
        + "\"description\":\"Resource temporarily unavailable\",\"alias_of\":\"EAGAIN\","
        + "\"kernel_internal\":false,\"arch\":\"generic\"}\n");
  }

  @Test
  void unknownNamesSuggestTheNearest() {
    var run = CliRun.of("errno", "EIOO");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("unknown error name 'EIOO'").contains("did you mean EIO");
  }

  @Test
  void unknownNumbersAreNotFound() {
    var run = CliRun.of("errno", "5", "4000");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEqualTo("EIO 5 Input/output error\n");
    assertThat(run.err()).contains("no error code 4000");
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(CliRun.of("errno").exitCode()).isEqualTo(2);
    assertThat(CliRun.of("errno", "--bogus").exitCode()).isEqualTo(2);
    assertThat(CliRun.of("errno", "-s").exitCode()).isEqualTo(2);
    assertThat(CliRun.of("errno", "--arch", "vax", "5").exitCode()).isEqualTo(2);
    assertThat(CliRun.of("errno", "-l", "5").exitCode()).isEqualTo(2);
  }
}

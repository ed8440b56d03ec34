package io.jstap.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.elf.ElfFile;
import io.jstap.testing.CProgram;
import io.jstap.testing.KernelTest;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * uprobes, uretprobes, statement probes and USDT marks on a program the test compiles as
 * users' programs come: with and without debuginfo, PIE and not, and stripped (only .dynsym
 * names its functions). Hit counts, arguments and return values are exact.
 */
@KernelTest
class UserProbeCodegenTest {
  static final String SOURCE = """
      #include <sys/sdt.h>
      #include <stdio.h>
      #include <stdlib.h>
      #define NOIPA __attribute__((noipa))
      NOIPA int add(int a, int b) { return a + b; }
      NOIPA static long triple(long x) { return 3 * x; }
      NOIPA unsigned long mix(unsigned long a, long b, short c, signed char d, int e,
          unsigned int f, long g, long h) {
        return a + b + c + d + e + f + g + h;
      }
      NOIPA const char *greet(const char *who) { return who; }
      int main(int argc, char **argv) {
        int n = argc > 1 ? atoi(argv[1]) : 3;
        long sum = 0;
        for (int i = 1; i <= n; i++) {
          sum += add(i, -10 * i);
          DTRACE_PROBE3(demo, tick, i, sum, (short) -i);
        }
        sum += triple(sum);
        sum += mix(~0UL, -2, -3, -4, -5, 4000000000u, 7, -8);
        printf("%s %ld\\n", greet("world"), sum);
        return 0;
      }
      """;

  @TempDir static Path dir;
  static Path pie;
  static Path debug;
  static Path noPie;
  static Path exported;
  static Path stripped;

  @BeforeAll
  static void build() throws Exception {
    pie = CProgram.compile(dir, "demo_pie", SOURCE, "-O1");
    debug = CProgram.compile(dir, "demo_debug", SOURCE, "-O1", "-g");
    noPie = CProgram.compile(dir, "demo_nopie", SOURCE, "-O1", "-no-pie");
    exported = CProgram.compile(dir, "demo_exported", SOURCE, "-O1", "-rdynamic");
    stripped = dir.resolve("demo_stripped");
    CProgram.run("strip", "-o", stripped.toString(), exported.toString());
  }

  /** A build: the binary probed, and its unstripped twin, where static functions have names. */
  record Build(String name, Path binary, Path symbols) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Build> builds() {
    return Stream.of(new Build("PIE", pie, pie), new Build("PIE with -g", debug, debug),
        new Build("not PIE", noPie, noPie), new Build("stripped", stripped, exported));
  }

  private static String traced(String script, Path program, String... args) throws Exception {
    var c = KernelScripts.compile(script.replace("PROGRAM", program.toString()));
    assertThat(c.diagnostics().render()).isEmpty();
    try (var r = new KernelScripts.Running(c.script())) {
      var command = new java.util.ArrayList<>(List.of(program.toString()));
      command.addAll(List.of(args));
      String own = CProgram.run(command);
      if (args.length == 0) assertThat(own).isEqualTo("world 3999999768\n");
      return r.output();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void functionsArgumentsAndReturnValues(Build b) throws Exception {
    long triple = ElfFile.open(b.symbols()).symbol("triple").orElseThrow().value();
    String out = traced("""
        probe process("PROGRAM").function("add") { printf("add(%d, %d)\\n", int_arg(1), s32_arg(2)) }
        probe process("PROGRAM").function("add").return {
          # returnval() is the whole of rax, as in SystemTap; an int result is its low half
          printf("= %d %d\\n", returnval() & 0xffffffff, (returnval() << 32) >> 32)
        }
        probe process("PROGRAM").statement(TRIPLE) { printf("triple(%d) %s\\n", long_arg(1), pp()) }
        probe process("PROGRAM").function("mix").call {
          printf("mix(%x, %d, %d, %d, %d %d, %d %d, %d, %d)\\n", ulong_arg(1), long_arg(2),
              int_arg(3), int_arg(4), int_arg(5), u32_arg(5), uint_arg(6), int_arg(6),
              s64_arg(7), u64_arg(8))
        }
        probe process("PROGRAM").function("mix").return { printf("mix = %d\\n", returnval()) }
        probe process("PROGRAM").function("greet") {
          printf("greet(%s) %s\\n", user_string(pointer_arg(1)), ppfunc())
        }
        probe process("PROGRAM").function("greet").return {
          printf("greet = %s\\n", user_string(returnval()))
        }
        """.replace("TRIPLE", "0x" + Long.toHexString(triple)), b.binary());
    assertThat(out).isEqualTo("""
        add(1, -10)
        = 4294967287 -9
        add(2, -20)
        = 4294967278 -18
        add(3, -30)
        = 4294967269 -27
        triple(-54) process("PROGRAM").statement(0xADDR)
        mix(ffffffffffffffff, -2, -3, -4, -5 4294967291, 4000000000 -294967296, 7, -8)
        mix = 3999999984
        greet(world) greet
        greet = world
        """.replace("PROGRAM", b.binary().toString()).replace("ADDR", Long.toHexString(triple)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void usdtMarkArguments(Build b) throws Exception {
    String out = traced("""
        probe process("PROGRAM").mark("tick") {
          printf("%d %d %d | %s | %s:%s\\n", $arg1, $arg2, $arg3, $$parms, $$provider, $$name)
        }
        """, b.binary(), "2");
    assertThat(out).isEqualTo("""
        1 -9 -1 | arg1=0x1 arg2=0xfffffffffffffff7 arg3=0xffffffffffffffff | demo:tick
        2 -27 -2 | arg1=0x2 arg2=0xffffffffffffffe5 arg3=0xfffffffffffffffe | demo:tick
        """);
  }

  @Test
  void returnProbesListTheirValueInDollarDollarReturn() throws Exception {
    String out = traced("""
        probe process("PROGRAM").function("add").return { printf("[%s] [%s]\\n", $$return, $$parms) }
        """, pie, "1");
    assertThat(out).isEqualTo("[return=0xfffffff7] []\n");
  }

  /**
   * @entry(expr) in return probes: expr is evaluated at the function's entry and read back at
   * its return, kept apart by thread and call depth through recursion, for numbers and strings.
   */
  @Test
  void entryValuesInReturnProbesThroughRecursion() throws Exception {
    var program = CProgram.compile(dir, "recursive", """
        #include <stdio.h>
        __attribute__((noipa)) long fact(long n) { return n <= 1 ? 1 : n * fact(n - 1); }
        __attribute__((noipa)) int twice(int x) { return 2 * x; }
        int main(void) {
          long f = fact(4);
          int t = twice(21);
          printf("%ld %d\\n", f, t);
          return 0;
        }
        """, "-O1");
    var c = KernelScripts.compile("""
        probe process("PROGRAM").function("fact").return {
          printf("fact(%d) = %d\\n", @entry(long_arg(1)), returnval())
        }
        probe process("PROGRAM").function("twice").return {
          printf("twice(%d) = %d in %s %s\\n", @entry(int_arg(1)), returnval(),
              @entry(execname()), ktime_get_ns() >= @entry(ktime_get_ns()) ? "later" : "earlier")
        }
        """.replace("PROGRAM", program.toString()));
    assertThat(c.diagnostics().render()).isEmpty();
    try (var r = new KernelScripts.Running(c.script())) {
      assertThat(CProgram.run(List.of(program.toString()))).isEqualTo("24 42\n");
      assertThat(r.output()).isEqualTo("""
          fact(1) = 1
          fact(2) = 2
          fact(3) = 6
          fact(4) = 24
          twice(21) = 42 in recursive later
          """);
    }
  }

  /**
   * register() and u_register() read SystemTap's register names at their width: rdi whole,
   * edi its low half with or without the sign, di and dil's neighbours likewise.
   */
  @Test
  void registersAtTheirWidths() throws Exception {
    String out = traced("""
        probe process("PROGRAM").function("mix") {
          printf("%d %d %d %d %d %d\\n", register("rsi"), register("esi"), u_register("esi"),
              register("dx"), u_register("dl"), register("rdi"))
        }
        """, pie);
    // mix(~0UL, -2, -3, ...): rdi = -1, rsi = -2, rdx = -3 (edx sign-extended by the caller)
    assertThat(out).isEqualTo("-2 -2 4294967294 -3 253 -1\n");
    var c = KernelScripts.compile("""
        probe process("PROGRAM").function("mix") { println(register("rdii")) }
        """.replace("PROGRAM", pie.toString()));
    assertThat(c.diagnostics().render()).contains("error: unknown register 'rdii'")
        .contains("hint: did you mean \"rdi\"?");
  }

  /** uaddr() is the probed instruction: the function's load address, whatever the bias. */
  @Test
  void uaddrIsTheProbedAddress() throws Exception {
    long add = ElfFile.open(pie).symbol("add").orElseThrow().value();
    String out = traced("""
        probe process("PROGRAM").function("add") { printf("%x\\n", uaddr() & 0xfff) }
        """, pie, "1");
    assertThat(out).isEqualTo(Long.toHexString(add & 0xfff) + "\n");
  }

  /**
   * SystemTap's user_long() and kin give 0 when the memory cannot be read; the _error variants
   * raise the error.
   */
  @Test
  void userMemoryFaults() throws Exception {
    var c = KernelScripts.compile("""
        probe process("PROGRAM").function("add") {
          printf("%d %d %d %d\\n", user_long(0), user_int(8), user_short(16), user_char(24))
          printf("%d\\n", user_int_error(0))
          printf("not reached\\n")
        }
        """.replace("PROGRAM", pie.toString()));
    assertThat(c.diagnostics().render()).isEmpty();
    try (var r = new KernelScripts.Running(c.script())) {
      CProgram.run(pie.toString(), "1");
      assertThat(r.output()).isEqualTo("0 0 0 0\n");
      assertThat(r.errors()).contains("user memory read fault near 'user_int_error(0)'");
    }
  }

  /**
   * String constants in pages the program has not touched yet (bpf_probe_read_user alone
   * cannot read them) are read all the same, also one that runs on into the next page.
   */
  @Test
  void stringsInPagesNotYetTouched() throws Exception {
    var pages = CProgram.compile(dir, "fresh_pages", """
        __attribute__((noipa)) void show(const char *text) { (void) text; }
        __attribute__((aligned(4096))) static const char far[4 * 4096] = {
          [4092] = 'a', 'c', 'r', 'o', 's', 's', [3 * 4096] = 'e', 'n', 'd' };
        int main(void) { show(far + 4092); show(far + 3 * 4096); return 0; }
        """, "-O1");
    var c = KernelScripts.compile("""
        probe process("PROGRAM").function("show") { printf("[%s]\\n", user_string(pointer_arg(1))) }
        """.replace("PROGRAM", pages.toString()));
    assertThat(c.diagnostics().render()).isEmpty();
    try (var r = new KernelScripts.Running(c.script())) {
      CProgram.run(pages.toString());
      assertThat(r.errors()).isEmpty();
      assertThat(r.output()).isEqualTo("[across]\n[end]\n");
    }
  }

  /**
   * A USDT mark with a semaphore runs only while a probe is attached: the kernel increments
   * the semaphore (ref_ctr_offset) on attach and decrements it on detach.
   */
  @Test
  void usdtSemaphoreIsSetWhileAttached() throws Exception {
    var program = CProgram.compile(dir, "semaphore", """
        #define _SDT_HAS_SEMAPHORES 1
        #include <sys/sdt.h>
        #include <stdio.h>
        unsigned short demo_hot_semaphore __attribute__((unused, section(".probes")));
        int main(void) {
          for (int i = 0; i < 3; i++) {
            if (demo_hot_semaphore) { DTRACE_PROBE1(demo, hot, i); puts("on"); } else puts("off");
          }
          return 0;
        }
        """, "-O1");
    assertThat(CProgram.run(program.toString())).isEqualTo("off\noff\noff\n");
    var c = KernelScripts.compile("""
        probe process("PROGRAM").mark("hot") { printf("hot %d\\n", $arg1) }
        """.replace("PROGRAM", program.toString()));
    assertThat(c.diagnostics().render()).isEmpty();
    try (var r = new KernelScripts.Running(c.script())) {
      assertThat(CProgram.run(program.toString())).isEqualTo("on\non\non\n");
      assertThat(r.output()).isEqualTo("hot 0\nhot 1\nhot 2\n");
    }
    assertThat(CProgram.run(program.toString())).isEqualTo("off\noff\noff\n");
  }

  /**
   * process("A").library("L"): L named as the program names it (libdemo: libdemo.so through
   * DT_NEEDED and a $ORIGIN run path), and only A's processes count, not B's, which loads the
   * same library.
   */
  @Test
  void sharedLibraryOfOneProgram() throws Exception {
    Path lib = dir.resolve("lib");
    java.nio.file.Files.createDirectories(lib);
    Path source = lib.resolve("libdemo.c");
    java.nio.file.Files.writeString(source, """
        #include <sys/sdt.h>
        __attribute__((noipa)) int lib_scale(int x, int k) {
          DTRACE_PROBE2(demolib, scaled, x, k);
          return x * k;
        }
        """);
    CProgram.run("gcc", "-shared", "-fPIC", "-O1", "-o", lib.resolve("libdemo.so").toString(),
        source.toString());
    String uses = """
        int lib_scale(int, int);
        int main(int argc, char **argv) {
          int s = 0;
          for (int i = 1; i <= 3; i++) s += lib_scale(i, argc);
          return s == 6 * argc ? 0 : 1;
        }
        """;
    Path usesC = dir.resolve("lib_user.c");
    java.nio.file.Files.writeString(usesC, uses);
    Path a = dir.resolve("lib_user_a");
    Path b = dir.resolve("lib_user_b");
    for (Path p : List.of(a, b)) {
      // the library after the source that needs it; found at run time through $ORIGIN
      CProgram.run("gcc", "-O1", "-o", p.toString(), usesC.toString(), "-L" + lib, "-ldemo",
          "-Wl,-rpath,$ORIGIN/lib");
    }
    var c = KernelScripts.compile("""
        probe process("A").library("libdemo").function("lib_scale") {
          printf("%s lib_scale(%d, %d)\\n", execname(), int_arg(1), int_arg(2))
        }
        probe process("A").library("libdemo.so").function("lib_scale").return {
          printf("= %d\\n", returnval())
        }
        probe process("A").library("libdemo.so").mark("scaled") { printf("mark %s\\n", $$parms) }
        """.replace("A", a.toString()));
    assertThat(c.diagnostics().render()).isEmpty();
    try (var r = new KernelScripts.Running(c.script())) {
      CProgram.run(b.toString(), "x");
      CProgram.run(a.toString());
      CProgram.run(b.toString(), "x");
      assertThat(r.output()).isEqualTo("""
          lib_user_a lib_scale(1, 1)
          mark arg1=0x1 arg2=0x1
          = 1
          lib_user_a lib_scale(2, 1)
          mark arg1=0x2 arg2=0x1
          = 2
          lib_user_a lib_scale(3, 1)
          mark arg1=0x3 arg2=0x1
          = 3
          """);
    }
  }

  /**
   * USDT arguments in memory named by a symbol (rip-relative, and indexed), as hand-written
   * notes and other compilers give them: the symbol's address moves with the program's load
   * address.
   */
  @ParameterizedTest(name = "PIE {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
  void usdtArgumentsInMemoryNamedBySymbols(boolean pie) throws Exception {
    var program = CProgram.compile(dir, pie ? "symbols_pie" : "symbols_nopie", """
        #include <sys/sdt.h>
        long counter = 5;
        int table[4] = {10, 20, 30, 40};
        int main(void) {
          for (long i = 0; i < 2; i++) {
            counter += 100;
            __asm__ volatile ("mov %0, %%rcx\\n"
                STAP_PROBE_ASM(g, peek, -8@counter(%%rip) -4@table(,%%rcx,4) -4@4+table(%%rip))
                :: "r"(i + 1) : "rcx", "memory");
          }
          return 0;
        }
        """, "-O1", pie ? "-pie" : "-no-pie");
    var c = KernelScripts.compile("""
        probe process("PROGRAM").mark("peek") { printf("%d %d %d\\n", $arg1, $arg2, $arg3) }
        """.replace("PROGRAM", program.toString()));
    assertThat(c.diagnostics().render()).isEmpty();
    try (var r = new KernelScripts.Running(c.script())) {
      CProgram.run(program.toString());
      assertThat(r.output()).isEqualTo("105 20 20\n205 30 20\n");
    }
  }
}

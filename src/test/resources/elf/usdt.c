/* USDT probes for the ELF reader's tests, without semaphores (usdt_sema.c has one with). */
#include <sys/sdt.h>
#include <stdio.h>

long global_value = 42;
int run_with_semaphore(int a, long b);

__attribute__((noinline)) int run(int a, long b, const char *s) {
  int local = a * 2;
  STAP_PROBE3(jstaptest, plain, a, b, s);
  STAP_PROBE2(jstaptest, constants, 5, -7L);
  STAP_PROBE1(jstaptest, global, global_value);
  STAP_PROBE(jstaptest, noargs);
  return local + run_with_semaphore(a, b);
}

int main(int argc, char **argv) {
  (void) argv;
  printf("%d\n", run(argc, 10L * argc, "x"));
  return 0;
}

/* A USDT probe guarded by a semaphore: a tracer raises it (uprobe ref_ctr_offset). */
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>

unsigned short jstaptest_with_sema_semaphore __attribute__((unused))
    __attribute__((section(".probes")));

__attribute__((noinline)) int run_with_semaphore(int a, long b) {
  int local = a + 1;
  if (jstaptest_with_sema_semaphore) {
    STAP_PROBE2(jstaptest, with_sema, local, b + 1);
  }
  return local;
}

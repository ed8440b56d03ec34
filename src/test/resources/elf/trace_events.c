/* A program built the way QEMU is: every trace event NAME has an exported state variable
 * _TRACE_<NAME>_DSTATE that the inlined trace_NAME() reads, and the functions that emit the
 * events are static. Stripped, only .dynsym (with the states and the exported functions) is
 * left. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define EXPORTED __attribute__((visibility("default")))

EXPORTED uint16_t _TRACE_DISK_DONE_DSTATE;
EXPORTED uint16_t _TRACE_SHARED_EVENT_DSTATE;
EXPORTED uint16_t _TRACE_INNER_STEP_DSTATE;
EXPORTED uint16_t _TRACE_NEVER_EMITTED_DSTATE;

static volatile long sink;

/* like virtio_blk_rw_complete: static, called back through a pointer, emits its own event */
__attribute__((noinline)) static void disk_done(void *opaque, int ret) {
  if (_TRACE_DISK_DONE_DSTATE) {
    printf("disk_done %p %d\n", opaque, ret);
  }
  sink += ret;
}

static void (*volatile callback)(void *, int) = disk_done;

/* one event emitted by two functions: neither is "shared_event" */
__attribute__((noinline)) static void first_user(void) {
  if (_TRACE_SHARED_EVENT_DSTATE) {
    puts("first");
  }
  sink++;
}

__attribute__((noinline)) static void second_user(void) {
  if (_TRACE_SHARED_EVENT_DSTATE) {
    puts("second");
  }
  sink--;
}

/* an event emitted inside an exported function of another name */
EXPORTED __attribute__((noinline)) void outer_step(void) {
  if (_TRACE_INNER_STEP_DSTATE) {
    puts("inner");
  }
  sink *= 3;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 3;
  for (int i = 1; i <= n; i++) {
    callback(&sink, -i);
  }
  first_user();
  second_user();
  outer_step();
  return 0;
}

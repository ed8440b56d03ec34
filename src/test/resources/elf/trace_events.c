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
EXPORTED uint16_t _TRACE_DISK_SUBMIT_DSTATE;
EXPORTED uint16_t _TRACE_DISK_SUBMIT_DONE_DSTATE;
EXPORTED uint16_t _TRACE_HANDLE_READ_DSTATE;
EXPORTED uint16_t _TRACE_HANDLE_WRITE_DSTATE;

static volatile long sink;

/* like virtio_blk_rw_complete: static, called back through a pointer, emits its own event */
__attribute__((noinline)) static void disk_done(void *opaque, int ret) {
  if (_TRACE_DISK_DONE_DSTATE) {
    printf("disk_done %p %d\n", opaque, ret);
  }
  sink += ret;
}

static void (*volatile callback)(void *, int) = disk_done;

/* a function emitting its own event and one that extends its name */
__attribute__((noinline)) static void disk_submit(int n) {
  if (_TRACE_DISK_SUBMIT_DSTATE) {
    printf("disk_submit %d\n", n);
  }
  sink += n;
  if (_TRACE_DISK_SUBMIT_DONE_DSTATE) {
    printf("disk_submit_done %d\n", n);
  }
}

/* like virtio_blk_handle_request: two events, neither named after the function */
__attribute__((noinline)) static void handle_request(int write) {
  if (write) {
    if (_TRACE_HANDLE_WRITE_DSTATE) {
      puts("write");
    }
    sink++;
  } else {
    if (_TRACE_HANDLE_READ_DSTATE) {
      puts("read");
    }
    sink--;
  }
}

static void (*volatile submit)(int) = disk_submit;
static void (*volatile handle)(int) = handle_request;

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
  submit(n);
  handle(1);
  handle(0);
  first_user();
  second_user();
  outer_step();
  return 0;
}

/* The virtio-blk completion path of QEMU (hw/block/virtio-blk.c), reduced to what
 * examples/virtio-blk-errors.stp probes, in the three ways QEMU is built:
 *   -DMARKER -DTRACE_STATE  USDT markers and exported trace-event states (Fedora, RHEL)
 *   -DMARKER                markers only
 *   -DTRACE_STATE           trace-event states only (Debian: no markers, stripped)
 * usage: fake_qemu BATCH ERRNO read|write
 * Completes one batch of 2 requests that worked, then one merged batch of BATCH requests that
 * failed with -ERRNO, then reports an error of another device model (no virtio-blk request). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef MARKER
#include <sys/sdt.h>
#endif

#define EXPORTED __attribute__((visibility("default")))

#ifdef TRACE_STATE
EXPORTED uint16_t _TRACE_VIRTIO_BLK_RW_COMPLETE_DSTATE;
#endif

static volatile long sink;
static bool is_read;

EXPORTED __attribute__((noinline)) void blk_error_action(void *blk, int action, bool read,
                                                         int error) {
  sink += action + read + error + (long) blk;
}

struct request {
  struct request *mr_next;
};

/* the static callback: one call completes a batch of merged requests with one ret */
__attribute__((noinline)) static void virtio_blk_rw_complete(void *opaque, int ret) {
  struct request *next = opaque;
  while (next) {
    struct request *req = next;
    next = req->mr_next;
#ifdef TRACE_STATE
    if (_TRACE_VIRTIO_BLK_RW_COMPLETE_DSTATE) {
      printf("virtio_blk_rw_complete %p %d\n", (void *) req, ret);
    }
#endif
#ifdef MARKER
    DTRACE_PROBE3(qemu, virtio_blk_rw_complete, &sink, req, ret);
#endif
    if (ret) {
      blk_error_action((void *) &sink, 1 /* BLOCK_ERROR_ACTION_REPORT */, is_read, -ret);
    }
  }
}

static void (*volatile callback)(void *, int) = virtio_blk_rw_complete;

static struct request *batch(int n) {
  struct request *reqs = calloc(n, sizeof *reqs);
  for (int i = 0; i + 1 < n; i++) {
    reqs[i].mr_next = &reqs[i + 1];
  }
  return reqs;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: fake_qemu BATCH ERRNO read|write\n");
    return 2;
  }
  is_read = strcmp(argv[3], "read") == 0;
  callback(batch(2), 0);
  callback(batch(atoi(argv[1])), -atoi(argv[2]));
  blk_error_action((void *) &sink, 1, false, 5); /* an IDE or SCSI disk's error */
  return 0;
}

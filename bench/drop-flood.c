/*
 * Drops packets as fast as one CPU can: Ethernet frames with the IEEE local experimental
 * ethertype 0x88b5, sent with AF_PACKET on "lo" (of the network namespace it runs in), which
 * no protocol handler takes, so __netif_receive_skb_core frees each one with
 * SKB_DROP_REASON_UNHANDLED_PROTO right after loopback hands it back. PACKET_QDISC_BYPASS and
 * sendmmsg keep the cost per drop near the kernel's own path.
 * Usage: drop-flood FRAMES   (prints "FRAMES SECONDS")
 */
#define _GNU_SOURCE
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

enum { BATCH = 64, FRAME = 14 };

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: drop-flood FRAMES\n");
    return 2;
  }
  long frames = atol(argv[1]);
  int s = socket(AF_PACKET, SOCK_RAW, 0);
  if (s < 0) {
    perror("socket(AF_PACKET)");
    return 1;
  }
  int one = 1;
  setsockopt(s, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one);
  struct sockaddr_ll lo = {.sll_family = AF_PACKET, .sll_ifindex = if_nametoindex("lo"), .sll_halen = 6};
  if (bind(s, (struct sockaddr *) &lo, sizeof lo) < 0) {
    perror("bind lo");
    return 1;
  }
  unsigned char frame[FRAME] = {[12] = 0x88, [13] = 0xb5};
  struct iovec iov[BATCH];
  struct mmsghdr msgs[BATCH] = {0};
  for (int i = 0; i < BATCH; i++) {
    iov[i] = (struct iovec){.iov_base = frame, .iov_len = FRAME};
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  long sent = 0;
  while (sent < frames) {
    int want = frames - sent < BATCH ? (int) (frames - sent) : BATCH;
    int n = sendmmsg(s, msgs, want, 0);
    if (n < 0) {
      perror("sendmmsg");
      return 1;
    }
    sent += n;
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  printf("%ld %.6f\n", sent, (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
  return 0;
}

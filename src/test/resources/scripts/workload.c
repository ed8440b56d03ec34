/*
 * The corpus's workload: runs the system calls its arguments name, in order, so that a script
 * tracing them sees known counts. Used as "# workload: @workload ..." (the runner compiles it).
 *
 *   getppid N        N getppid() calls
 *   open PATH N      N openat(AT_FDCWD, PATH, O_RDONLY) calls (closing what opens)
 *   write N          N write()s to /dev/null, of 1, 2, ... N bytes
 *   sleep MS         sleeps MS milliseconds
 *   fork N           forks N children that exit at once, waiting for each
 *   udp PORT N       sends N datagrams to 127.0.0.1:PORT (nobody listening: the kernel drops
 *                    them, skb:kfree_skb)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long number(const char *s) {
  char *end;
  long n = strtol(s, &end, 10);
  if (*s == 0 || *end != 0) {
    fprintf(stderr, "workload: not a number: %s\n", s);
    exit(2);
  }
  return n;
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    const char *op = argv[i];
    if (!strcmp(op, "getppid") && i + 1 < argc) {
      long n = number(argv[++i]);
      for (long k = 0; k < n; k++) syscall(SYS_getppid);
    } else if (!strcmp(op, "open") && i + 2 < argc) {
      const char *path = argv[++i];
      long n = number(argv[++i]);
      for (long k = 0; k < n; k++) {
        int fd = openat(AT_FDCWD, path, O_RDONLY);
        if (fd >= 0) close(fd);
      }
    } else if (!strcmp(op, "write") && i + 1 < argc) {
      long n = number(argv[++i]);
      static char bytes[4096];
      if (n > (long) sizeof bytes) n = sizeof bytes;
      int fd = open("/dev/null", O_WRONLY);
      for (long k = 1; k <= n; k++) {
        if (write(fd, bytes, k) != k) return 1;
      }
      close(fd);
    } else if (!strcmp(op, "write-part")) {
      // three bytes of a longer string: what follows them in memory is not written
      static const char text[] = "abcdefgh";
      int fd = open("/dev/null", O_WRONLY);
      if (write(fd, text, 3) != 3) return 1;
      close(fd);
    } else if (!strcmp(op, "sleep") && i + 1 < argc) {
      long ms = number(argv[++i]);
      struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
      nanosleep(&ts, NULL);
    } else if (!strcmp(op, "fork") && i + 1 < argc) {
      long n = number(argv[++i]);
      for (long k = 0; k < n; k++) {
        pid_t child = fork();
        if (child == 0) _exit(0);
        if (child < 0) return 1;
        waitpid(child, NULL, 0);
      }
    } else if (!strcmp(op, "udp") && i + 2 < argc) {
      long port = number(argv[++i]);
      long n = number(argv[++i]);
      int s = socket(AF_INET, SOCK_DGRAM, 0);
      struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((unsigned short) port)};
      to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      for (long k = 0; k < n; k++) sendto(s, "x", 1, 0, (struct sockaddr *) &to, sizeof to);
      close(s);
    } else {
      fprintf(stderr, "workload: unknown step '%s'\n", op);
      return 2;
    }
  }
  return 0;
}

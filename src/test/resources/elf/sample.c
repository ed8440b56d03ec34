/* A small program for the ELF reader's tests: static and global functions, data, an import. */
#include <stdio.h>
#include <stdlib.h>

int counter = 3;
static long hidden_total;
const char greeting[] = "hello";

static __attribute__((noinline)) long add_to_total(long v) {
  hidden_total += v;
  return hidden_total;
}

__attribute__((noinline)) int work(int n) {
  int sum = 0;
  for (int i = 0; i < n; i++) {
    sum += (int) add_to_total(i) ^ counter;
  }
  return sum;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 10;
  printf("%s %d\n", greeting, work(n));
  return 0;
}

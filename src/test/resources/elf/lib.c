/* A shared library for the ELF reader's tests. */
int lib_state = 7;

static int lib_helper(int x) {
  return x * lib_state;
}

int lib_compute(int x) {
  return lib_helper(x) + 1;
}

__attribute__((visibility("hidden"))) int lib_internal(int x) {
  return x - 1;
}

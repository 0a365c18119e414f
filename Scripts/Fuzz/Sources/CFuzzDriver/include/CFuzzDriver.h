#ifndef REFRAIN_FUZZ_DRIVER_H
#define REFRAIN_FUZZ_DRIVER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's entry point for programs with their own main (SwiftPM links debug executables
/// with --defsym main=<Target>_main, so libFuzzer's main never runs).
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif

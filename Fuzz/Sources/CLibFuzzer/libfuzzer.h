// libFuzzer's driver, for a fuzz target that has a main of its own (SwiftPM gives every
// executable target one). Declared in compiler-rt's FuzzerInterface.h; linked by
// -sanitize=fuzzer.
#include <stddef.h>
#include <stdint.h>

typedef int (*LLVMFuzzerCallback)(const uint8_t *data, size_t size);

int LLVMFuzzerRunDriver(int *argc, char ***argv, LLVMFuzzerCallback callback);

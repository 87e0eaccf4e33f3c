// libFuzzer entry point; the body is hemicycle::fuzz::fuzz_loader (fuzz_targets.h).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  hemicycle::fuzz::fuzz_loader(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}

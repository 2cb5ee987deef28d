// libFuzzer entry point for the "xlsx" target (body in targets.hpp). Run through `make fuzz`.
#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::xlsx(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}

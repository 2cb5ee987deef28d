// cds/base/version.hpp — product name and version (the version comes from CMake's project()).
#pragma once

#ifndef CDS_VERSION
#define CDS_VERSION "0.0.0-dev"
#endif

namespace cds {

inline constexpr const char* kProductName = "cds";
inline constexpr const char* kVersion = CDS_VERSION;

}  // namespace cds

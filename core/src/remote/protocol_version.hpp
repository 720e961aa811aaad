// The protocol minor this process announces and encodes with. Normally the SDK's;
// tests set FIO_TEST_PROTOCOL_MINOR to make one side act as the previous minor.
#pragma once

#include <cstdint>

namespace fio::core {

std::uint16_t announced_protocol_minor();

}  // namespace fio::core

// Prints a JSON document laid out exactly as stock fio prints its own: two spaces per
// level, `"key" : value`, every member and element on its own line, and floating-point
// numbers with six decimals ("512000.000000") where nlohmann would print "512000.0".
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace fio::outputs::json {

using Json = nlohmann::ordered_json;

// The document as text, without a trailing newline. Always valid JSON: strings are
// escaped (invalid UTF-8 replaced), and a non-finite float, which fio would print as
// "nan", becomes null.
std::string fio_json_text(const Json& document);

}  // namespace fio::outputs::json

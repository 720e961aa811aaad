// The member names of a JSON object in the order the object keeps them (document order
// for nlohmann::ordered_json), for tests that check key order against stock fio's.
#pragma once

#include <string>
#include <vector>

namespace fio::test {

template <typename JsonObject>
std::vector<std::string> keys_of(const JsonObject& object) {
    std::vector<std::string> keys;
    for (const auto& item : object.items()) keys.push_back(item.key());
    return keys;
}

}  // namespace fio::test

// A layout record as tests/sdk/abi/layout_probe prints it, and the ABI policy's rule
// for comparing a frozen record with the current one: only appends are allowed.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace fio::test {

struct LayoutRecord {
    struct Extent {
        std::uint64_t size = 0;
        std::uint64_t align = 0;
    };
    struct Field {
        std::uint64_t offset = 0;
        std::uint64_t size = 0;
    };
    struct Enumerator {
        long long value = 0;
        std::uint64_t size = 0;
    };
    std::map<std::string, Extent> structs;                      // "IoUnit"
    std::map<std::string, std::map<std::string, Field>> fields;  // "IoUnit" -> "file"
    std::map<std::string, std::map<std::string, std::uint64_t>> virtuals;  // slot
    std::map<std::string, Enumerator> enumerators;                // "IoDirection.write"
};

// "T.f" -> {"T", "f"}
inline std::pair<std::string, std::string> split_member(const std::string& dotted) {
    const auto dot = dotted.find('.');
    return {dotted.substr(0, dot), dotted.substr(dot + 1)};
}

inline LayoutRecord parse_layout(const std::string& text) {
    LayoutRecord record;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream words(line);
        std::string kind, name, key1, key2;
        std::uint64_t a = 0, b = 0;
        words >> kind >> name;
        if (kind == "struct") {
            words >> key1 >> a >> key2 >> b;
            record.structs[name] = {a, b};
        } else if (kind == "field") {
            words >> key1 >> a >> key2 >> b;
            const auto [type, member] = split_member(name);
            record.fields[type][member] = {a, b};
        } else if (kind == "virtual") {
            words >> key1 >> a;
            const auto [type, member] = split_member(name);
            record.virtuals[type][member] = a;
        } else if (kind == "enum") {
            long long value = 0;
            words >> key1 >> value >> key2 >> b;
            record.enumerators[name] = {value, b};
        }
    }
    return record;
}

// Every way `now` departs from `frozen` other than an append, one sentence each, naming
// the type and member; empty when `now` only appends. `frozen_version` names the record
// in the messages ("ABI 1.4").
inline std::vector<std::string> layout_breaks(const LayoutRecord& frozen, const LayoutRecord& now,
                                              const std::string& frozen_version) {
    std::vector<std::string> breaks;
    auto say = [&](const std::string& what) { breaks.push_back(what); };
    for (const auto& [type, was] : frozen.structs) {
        const auto it = now.structs.find(type);
        if (it == now.structs.end()) {
            say(type + " is gone (it was in " + frozen_version + ")");
            continue;
        }
        if (it->second.align != was.align) {
            say(type + " changed its alignment from " + std::to_string(was.align) + " in " +
                frozen_version + " to " + std::to_string(it->second.align));
        }
        if (it->second.size < was.size) {
            say(type + " shrank from " + std::to_string(was.size) + " bytes in " +
                frozen_version + " to " + std::to_string(it->second.size));
        }
    }
    for (const auto& [type, was_fields] : frozen.fields) {
        const auto& now_fields = now.fields.count(type) ? now.fields.at(type)
                                                        : std::map<std::string, LayoutRecord::Field>{};
        for (const auto& [member, was] : was_fields) {
            const auto it = now_fields.find(member);
            const std::string where = type + "::" + member;
            if (it == now_fields.end()) {
                say(where + " is gone (offset " + std::to_string(was.offset) + " in " +
                    frozen_version + ")");
            } else if (it->second.offset != was.offset) {
                say(where + " moved from offset " + std::to_string(was.offset) + " in " +
                    frozen_version + " to " + std::to_string(it->second.offset));
            } else if (it->second.size != was.size) {
                say(where + " changed size from " + std::to_string(was.size) + " bytes in " +
                    frozen_version + " to " + std::to_string(it->second.size));
            }
        }
        // A new member may sit after the old end or in former padding, never on a frozen one.
        for (const auto& [member, field] : now_fields) {
            if (was_fields.count(member)) continue;
            for (const auto& [old_member, old] : was_fields) {
                if (field.offset < old.offset + old.size && old.offset < field.offset + field.size) {
                    say(type + "::" + member + " (new) overlaps " + type + "::" + old_member +
                        " of " + frozen_version + ": a field may only be appended");
                }
            }
        }
    }
    for (const auto& [type, was_slots] : frozen.virtuals) {
        const auto& now_slots = now.virtuals.count(type) ? now.virtuals.at(type)
                                                         : std::map<std::string, std::uint64_t>{};
        std::uint64_t last_frozen = 0;
        for (const auto& [member, slot] : was_slots) last_frozen = std::max(last_frozen, slot);
        for (const auto& [member, slot] : was_slots) {
            const auto it = now_slots.find(member);
            if (it == now_slots.end()) {
                say(type + "::" + member + "() is gone (vtable slot " + std::to_string(slot) +
                    " in " + frozen_version + ")");
            } else if (it->second != slot) {
                say(type + "::" + member + "() moved from vtable slot " + std::to_string(slot) +
                    " in " + frozen_version + " to " + std::to_string(it->second));
            }
        }
        for (const auto& [member, slot] : now_slots) {
            if (!was_slots.count(member) && slot <= last_frozen) {
                say(type + "::" + member + "() (new) takes vtable slot " + std::to_string(slot) +
                    ", among those of " + frozen_version + ": a virtual may only be appended");
            }
        }
    }
    for (const auto& [name, was] : frozen.enumerators) {
        const auto it = now.enumerators.find(name);
        if (it == now.enumerators.end()) {
            say(name + " is gone (value " + std::to_string(was.value) + " in " + frozen_version + ")");
        } else if (it->second.value != was.value || it->second.size != was.size) {
            say(name + " changed from value " + std::to_string(was.value) + " (" +
                std::to_string(was.size) + " bytes) in " + frozen_version + " to " +
                std::to_string(it->second.value) + " (" + std::to_string(it->second.size) + ")");
        }
    }
    return breaks;
}

// Structs whose listed fields do not reach their size: the probe forgot an appended
// field, which would then go unguarded.
inline std::vector<std::string> unlisted_tails(const LayoutRecord& record) {
    std::vector<std::string> gaps;
    for (const auto& [type, extent] : record.structs) {
        std::uint64_t end = 0;
        if (record.fields.count(type)) {
            for (const auto& [member, field] : record.fields.at(type))
                end = std::max(end, field.offset + field.size);
        }
        const std::uint64_t padded = extent.align ? (end + extent.align - 1) / extent.align * extent.align : end;
        if (padded != extent.size) {
            gaps.push_back(type + ": the probe's fields end at " + std::to_string(end) +
                           " but the struct is " + std::to_string(extent.size) + " bytes");
        }
    }
    return gaps;
}

}  // namespace fio::test

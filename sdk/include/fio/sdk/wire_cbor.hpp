// The machinery under the wire payload codecs (wire_messages.hpp, wire_results.hpp):
// every payload is a CBOR map with short string keys (nlohmann::json's CBOR), written
// by plain functions and read by a tolerant Reader. Unknown keys are ignored and
// missing keys leave the default; a key of the wrong type, a list over its limit or
// bytes that are not CBOR stop the decoding with one line naming the field.
//
// Nothing here throws out of a decoder, whatever the bytes: the CBOR parser is driven
// through a SAX handler that bounds nesting, the number of values and every declared
// length (a CBOR header can announce 2^64 items in a few bytes).
#pragma once

#include <nlohmann/json.hpp>

#include "fio/sdk/frame.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace fio::sdk::wire {

// The payload version this SDK writes: "v" = [major, minor] in every payload. 1.1 is
// this release; 1.0 the previous one (encode_payload(value, 0) writes what it wrote).
inline constexpr std::uint16_t kPayloadMajor = kProtocolMajor;
inline constexpr std::uint16_t kPayloadMinor = kProtocolMinor;

// Limits a reader enforces (beyond them a payload is refused, not truncated).
inline constexpr std::size_t kMaxListItems = 4096;       // jobs, options, files, plugins...
inline constexpr std::size_t kMaxSeriesItems = 1 << 20;  // steady-state samples
inline constexpr std::size_t kMaxStringBytes = 16 << 20;
inline constexpr std::size_t kMaxNesting = 32;
inline constexpr std::size_t kMaxValues = 4 << 20;       // CBOR items in one payload

namespace detail {

using Json = nlohmann::json;

// Builds the DOM as nlohmann's own SAX parser does, refusing what the limits forbid
// before the parser acts on it.
class BoundedSax {
public:
    BoundedSax(Json& root, std::size_t input_size) : dom_(root, false), input_size_(input_size) {}

    bool null() { return count() && dom_.null(); }
    bool boolean(bool v) { return count() && dom_.boolean(v); }
    bool number_integer(Json::number_integer_t v) { return count() && dom_.number_integer(v); }
    bool number_unsigned(Json::number_unsigned_t v) { return count() && dom_.number_unsigned(v); }
    bool number_float(Json::number_float_t v, const Json::string_t& s) {
        return count() && dom_.number_float(v, s);
    }
    bool string(Json::string_t& v) { return count() && dom_.string(v); }
    bool binary(Json::binary_t& v) { return count() && dom_.binary(v); }
    bool key(Json::string_t& v) { return dom_.key(v); }
    bool start_object(std::size_t n) { return open(n) && dom_.start_object(n); }
    bool end_object() { --depth_; return dom_.end_object(); }
    bool start_array(std::size_t n) { return open(n) && dom_.start_array(n); }
    bool end_array() { --depth_; return dom_.end_array(); }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) {
        error_position_ = position;
        return false;
    }

    std::size_t error_position() const noexcept { return error_position_; }
    bool over_limit() const noexcept { return over_limit_; }

private:
    bool count() {
        if (++values_ <= kMaxValues) return true;
        over_limit_ = true;
        return false;
    }
    // Every item takes at least one byte, so a declared length over the input's size
    // is a lie; a map entry takes two.
    bool open(std::size_t declared) {
        if (!count()) return false;
        if (++depth_ > kMaxNesting ||
            (declared != static_cast<std::size_t>(-1) && declared > input_size_)) {
            over_limit_ = true;
            return false;
        }
        return true;
    }

    nlohmann::detail::json_sax_dom_parser<Json> dom_;
    std::size_t input_size_;
    std::size_t depth_ = 0;
    std::size_t values_ = 0;
    std::size_t error_position_ = 0;
    bool over_limit_ = false;
};

// Reads one payload's fields. The first failure is kept (with the path of the field)
// and later reads do nothing, so a decoder reads every field and checks once.
class Reader {
public:
    explicit Reader(std::string_view what) : what_(what) {}

    bool failed() const noexcept { return !error_.empty(); }
    const std::string& error() const noexcept { return error_; }

    void fail(std::string_view key, std::string_view why) {
        if (failed()) return;
        error_ = what_ + ": field '" + path_ + (path_.empty() ? "" : ".");
        error_.append(key).append("' ").append(why);
    }
    void fail_payload(std::string_view why) {
        if (!failed()) error_ = what_ + ": " + std::string(why);
    }

    // While alive, field names are reported under `part` ("dirs[1].clat.n").
    class Scope {
    public:
        Scope(Reader& reader, std::string_view part) : reader_(reader), size_(reader.path_.size()) {
            if (!reader_.path_.empty()) reader_.path_ += '.';
            reader_.path_ += part;
        }
        ~Scope() { reader_.path_.resize(size_); }
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

    private:
        Reader& reader_;
        std::size_t size_;
    };

    // The member `key` of `map`, or nullptr when it is missing (or reading failed).
    const Json* member(const Json& map, const char* key) const {
        if (failed() || !map.is_object()) return nullptr;
        const auto it = map.find(key);
        return it == map.end() ? nullptr : &*it;
    }
    // The member if it is a map; nullptr (failing when it is something else) if not.
    const Json* map(const Json& parent, const char* key) {
        const Json* v = member(parent, key);
        if (v != nullptr && !v->is_object()) {
            fail(key, "is not a map");
            return nullptr;
        }
        return v;
    }
    // The member if it is an array of at most `max_items`.
    const Json* array(const Json& parent, const char* key, std::size_t max_items) {
        const Json* v = member(parent, key);
        if (v == nullptr) return nullptr;
        if (!v->is_array()) {
            fail(key, "is not an array");
            return nullptr;
        }
        if (v->size() > max_items) {
            fail(key, "has more than " + std::to_string(max_items) + " items");
            return nullptr;
        }
        return v;
    }

private:
    std::string what_;
    std::string path_;
    std::string error_;
};

// ---- scalar and list readers: read_value(reader, value, out, key) ----

inline void read_value(Reader& r, const Json& v, bool& out, const char* key) {
    if (!v.is_boolean()) return r.fail(key, "is not a boolean");
    out = v.get<bool>();
}

template <class T>
    requires(std::is_integral_v<T> && !std::is_same_v<T, bool>)
void read_value(Reader& r, const Json& v, T& out, const char* key) {
    if (v.is_number_unsigned()) {
        const auto u = v.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(std::numeric_limits<T>::max())) {
            return r.fail(key, "is out of range");
        }
        out = static_cast<T>(u);
    } else if (v.is_number_integer() && std::is_signed_v<T>) {
        const auto i = v.get<std::int64_t>();
        if (i < static_cast<std::int64_t>(std::numeric_limits<T>::min())) {
            return r.fail(key, "is out of range");
        }
        out = static_cast<T>(i);
    } else {
        r.fail(key, std::is_signed_v<T> ? "is not an integer" : "is not an unsigned integer");
    }
}

template <class T>
    requires std::is_floating_point_v<T>
void read_value(Reader& r, const Json& v, T& out, const char* key) {
    if (!v.is_number()) return r.fail(key, "is not a number");
    out = static_cast<T>(v.get<double>());
}

inline void read_value(Reader& r, const Json& v, std::string& out, const char* key) {
    if (!v.is_string()) return r.fail(key, "is not a string");
    const auto& s = v.get_ref<const std::string&>();
    if (s.size() > kMaxStringBytes) return r.fail(key, "is too long");
    out = s;
}

// A fixed array: at most N items, the missing ones keep their default.
template <class T, std::size_t N>
void read_value(Reader& r, const Json& v, std::array<T, N>& out, const char* key) {
    if (!v.is_array()) return r.fail(key, "is not an array");
    if (v.size() > N) return r.fail(key, "has more than " + std::to_string(N) + " items");
    for (std::size_t i = 0; i < v.size() && !r.failed(); ++i) read_value(r, v[i], out[i], key);
}

template <class T>
void read_value(Reader& r, const Json& v, std::vector<T>& out, const char* key) {
    // Only sample series (steady state's) are long; lists of names or jobs are not.
    constexpr std::size_t limit =
        std::is_same_v<T, std::uint64_t> ? kMaxSeriesItems : kMaxListItems;
    if (!v.is_array()) return r.fail(key, "is not an array");
    if (v.size() > limit) return r.fail(key, "has more than " + std::to_string(limit) + " items");
    std::vector<T> values(v.size());
    for (std::size_t i = 0; i < v.size() && !r.failed(); ++i) read_value(r, v[i], values[i], key);
    if (!r.failed()) out = std::move(values);
}

// Key/value pairs (options) travel as [[k, v], ...].
inline void read_value(Reader& r, const Json& v, std::pair<std::string, std::string>& out,
                       const char* key) {
    if (!v.is_array() || v.size() != 2) return r.fail(key, "is not a [name, value] pair");
    read_value(r, v[0], out.first, key);
    read_value(r, v[1], out.second, key);
}

// Reads `map[key]` into `out` when present.
template <class T>
void get(Reader& r, const Json& map, const char* key, T& out) {
    if (const Json* v = r.member(map, key)) read_value(r, *v, out, key);
}

inline Json pairs_to_json(const std::vector<std::pair<std::string, std::string>>& pairs) {
    Json list = Json::array();
    for (const auto& [name, value] : pairs) list.push_back(Json::array({name, value}));
    return list;
}

// A new payload map carrying the sender's version.
inline Json payload_map(std::uint16_t minor) {
    Json map = Json::object();
    map["v"] = Json::array({kPayloadMajor, minor});
    return map;
}

inline std::vector<std::uint8_t> to_bytes(const Json& map) { return Json::to_cbor(map); }

// Parses `bytes` into a map and checks the sender's major version. False (and the
// reader's error) when the bytes are not a CBOR map within the limits.
inline bool parse_payload(std::span<const std::uint8_t> bytes, Json& map, Reader& r) {
    try {
        BoundedSax sax(map, bytes.size());
        const bool ok = Json::sax_parse(bytes.begin(), bytes.end(), &sax,
                                        nlohmann::json::input_format_t::cbor, true);
        if (!ok) {
            r.fail_payload(sax.over_limit()
                               ? "payload is nested too deeply or declares too many items"
                               : "payload is not valid CBOR (byte " +
                                     std::to_string(sax.error_position()) + ")");
            return false;
        }
    } catch (const std::exception& e) {
        r.fail_payload(std::string("payload is not valid CBOR: ") + e.what());
        return false;
    }
    if (!map.is_object()) {
        r.fail_payload("payload is not a map");
        return false;
    }
    std::array<std::uint16_t, 2> version{kPayloadMajor, 0};
    get(r, map, "v", version);
    if (!r.failed() && version[0] != kPayloadMajor) {
        r.fail_payload("sender speaks payload version " + std::to_string(version[0]) + "." +
                       std::to_string(version[1]) + "; this fio reads major " +
                       std::to_string(kPayloadMajor));
    }
    return !r.failed();
}

// decode_payload's frame: parse, read into a fresh value, hand it over only when whole.
template <class T, class ReadFields>
bool decode_with(std::span<const std::uint8_t> bytes, T& out, std::string& error,
                 std::string_view what, ReadFields read_fields) {
    try {
        Reader r(what);
        Json map;
        if (parse_payload(bytes, map, r)) {
            T value{};
            read_fields(r, map, value);
            if (!r.failed()) {
                out = std::move(value);
                return true;
            }
        }
        error = r.error();
    } catch (const std::exception& e) {  // bad_alloc, or a bug: never out of a decoder
        error = std::string(what) + ": " + e.what();
    }
    return false;
}

}  // namespace detail
}  // namespace fio::sdk::wire

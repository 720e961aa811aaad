#include "json_writer.hpp"

#include <cmath>

#include <fmt/format.h>

namespace fio::outputs::json {

namespace {

void indent(int level, std::string& out) { out.append(static_cast<std::size_t>(level) * 2, ' '); }

// nlohmann's own escaping, which is standard JSON, keeping UTF-8 as is.
std::string quoted(const std::string& text) {
    return Json(text).dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Writes `value`, whose opening is already placed at `level`; its members go one deeper.
void write_value(const Json& value, int level, std::string& out) {
    switch (value.type()) {
        case Json::value_t::object: {
            out += "{\n";
            bool first = true;
            for (const auto& [key, member] : value.items()) {
                if (!first) out += ",\n";
                first = false;
                indent(level + 1, out);
                out += quoted(key);
                out += " : ";
                write_value(member, level + 1, out);
            }
            out += '\n';
            indent(level, out);
            out += '}';
            break;
        }
        case Json::value_t::array: {
            out += "[\n";
            bool first = true;
            for (const auto& element : value) {
                if (!first) out += ",\n";
                first = false;
                indent(level + 1, out);
                write_value(element, level + 1, out);
            }
            out += '\n';
            indent(level, out);
            out += ']';
            break;
        }
        case Json::value_t::number_float: {
            const double number = value.get<double>();
            out += std::isfinite(number) ? fmt::format("{:f}", number) : "null";
            break;
        }
        case Json::value_t::string:
            out += quoted(value.get_ref<const std::string&>());
            break;
        default:  // integers, booleans, null: nlohmann prints them as fio would
            out += value.dump();
            break;
    }
}

}  // namespace

std::string fio_json_text(const Json& document) {
    std::string out;
    write_value(document, 0, out);
    return out;
}

}  // namespace fio::outputs::json

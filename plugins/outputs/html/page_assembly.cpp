#include "page_assembly.hpp"

#include "kChartJs.hpp"
#include "kPageScript.hpp"
#include "kPageStyle.hpp"
#include "kPageTemplate.hpp"

#include <stdexcept>
#include <string_view>

namespace fio::outputs::html {
namespace {

// Replaces the one `marker` of the template in `page` by `text`.
void fill(std::string& page, std::string_view marker, std::string_view text) {
    const auto at = page.find(marker);
    if (at == std::string::npos) {
        throw std::logic_error("html output: the page template lacks " + std::string(marker));
    }
    page.replace(at, marker.size(), text);
}

}  // namespace

std::string script_safe_json(const nlohmann::json& data) {
    const std::string text = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::string safe;
    safe.reserve(text.size());
    for (const char c : text) {
        if (c == '<') {
            safe += "\\u003c";
        } else {
            safe += c;
        }
    }
    return safe;
}

std::string assemble_page(const nlohmann::json& data) {
    // Data and script are filled in last: neither can then hold a marker by chance.
    std::string page(kPageTemplate, kPageTemplate_size);
    fill(page, "/*@STYLE@*/", std::string_view(kPageStyle, kPageStyle_size));
    fill(page, "/*@CHART_JS@*/", std::string_view(kChartJs, kChartJs_size));
    fill(page, "/*@SCRIPT@*/", std::string_view(kPageScript, kPageScript_size));
    fill(page, "/*@DATA@*/", script_safe_json(data));
    return page;
}

}  // namespace fio::outputs::html

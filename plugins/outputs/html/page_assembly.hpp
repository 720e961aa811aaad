// Puts the page together: the embedded template with its style, Chart.js, its script
// and the run's data filled in.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace fio::outputs::html {

// The whole HTML document for `data` (report_json's document).
std::string assemble_page(const nlohmann::json& data);

// `data` as text that is safe inside a <script> element: every '<' is written as
// \u003c, so no "</script>" or "<!--" in a job name or option can end the element.
std::string script_safe_json(const nlohmann::json& data);

}  // namespace fio::outputs::html

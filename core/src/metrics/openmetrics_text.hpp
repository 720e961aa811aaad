// Renders a MetricsSnapshot as the text a Prometheus scraper reads: OpenMetrics 1.0.0
// (the default: # UNIT lines, counters named without _total in # TYPE, # EOF last) or
// the older Prometheus text format 0.0.4 for scrapers that ask for text/plain.
#pragma once

#include "metrics/metrics_snapshot.hpp"

#include <string>
#include <string_view>

namespace fio::core {

enum class MetricsFormat { openmetrics, prometheus_text };

// The Content-Type header of each format.
std::string_view metrics_content_type(MetricsFormat format) noexcept;

// The format an HTTP Accept header asks for: OpenMetrics unless it names text/plain and
// not application/openmetrics-text (an absent or */* Accept gets OpenMetrics).
MetricsFormat metrics_format_for(std::string_view accept) noexcept;

std::string render_metrics(const MetricsSnapshot& snapshot, MetricsFormat format);

// A label value escaped as both formats want it: backslash, double quote and newline.
std::string escape_label_value(std::string_view value);

}  // namespace fio::core

#include "metrics/openmetrics_text.hpp"

#include <fmt/format.h>

#include <iterator>

namespace fio::core {
namespace {

// One metric family at a time: its metadata, then its samples, as both formats require.
class FamilyWriter {
public:
    FamilyWriter(std::string& out, MetricsFormat format) : out_(out), format_(format) {}

    // `name` is the family's name (without _total); `unit` "" for none.
    void begin(std::string_view name, std::string_view type, std::string_view unit, std::string_view help) {
        const bool counter = type == "counter";
        // 0.0.4 names a counter's family by its sample, OpenMetrics without the suffix.
        const std::string shown = format_ == MetricsFormat::prometheus_text && counter
                                      ? fmt::format("{}_total", name)
                                      : std::string(name);
        fmt::format_to(std::back_inserter(out_), "# HELP {} {}\n", shown, help);
        fmt::format_to(std::back_inserter(out_), "# TYPE {} {}\n", shown, type);
        if (!unit.empty() && format_ == MetricsFormat::openmetrics) {
            fmt::format_to(std::back_inserter(out_), "# UNIT {} {}\n", shown, unit);
        }
    }

    void sample(std::string_view name, std::string_view labels, std::uint64_t value) {
        fmt::format_to(std::back_inserter(out_), "{}{} {}\n", name, labels, value);
    }
    void sample(std::string_view name, std::string_view labels, double value) {
        fmt::format_to(std::back_inserter(out_), "{}{} {}\n", name, labels, value);
    }

private:
    std::string& out_;
    MetricsFormat format_;
};

// `{job="a",direction="read"}`, with the host first in a client run; "" for no labels.
std::string label_set(std::string_view host, std::string_view job, std::string_view direction,
                      std::string_view extra = {}) {
    std::string labels;
    const auto add = [&](std::string_view name, std::string_view value) {
        labels += labels.empty() ? "{" : ",";
        fmt::format_to(std::back_inserter(labels), "{}=\"{}\"", name, escape_label_value(value));
    };
    if (!host.empty()) add("host", host);
    if (!job.empty()) add("job", job);
    if (!direction.empty()) add("direction", direction);
    if (!extra.empty()) {
        labels += labels.empty() ? "{" : ",";
        labels += extra;
    }
    if (!labels.empty()) labels += "}";
    return labels;
}

void render_run(FamilyWriter& w, const MetricsSnapshot& s) {
    w.begin("fio_elapsed_seconds", "gauge", "seconds", "Time since the run started.");
    w.sample("fio_elapsed_seconds", "", static_cast<double>(s.elapsed_ms) / 1e3);
    w.begin("fio_jobs_running", "gauge", "", "Job threads doing I/O now.");
    w.sample("fio_jobs_running", "", static_cast<std::uint64_t>(s.jobs_running));
    w.begin("fio_percent_done", "gauge", "", "How far the run is, 0 to 100 (fio's progress line).");
    w.sample("fio_percent_done", "", s.percent_done);
}

void render_jobs(FamilyWriter& w, const MetricsSnapshot& s) {
    const auto each = [&](auto&& emit) {
        for (const JobMetrics& job : s.jobs) {
            for (std::size_t d = 0; d < job.directions.size(); ++d) {
                emit(job.directions[d], label_set(job.host, job.job, kMetricsDirections[d]));
            }
        }
    };
    w.begin("fio_io", "counter", "", "I/Os completed, per job and direction.");
    each([&](const DirectionMetrics& m, const std::string& l) { w.sample("fio_io_total", l, m.ios); });
    w.begin("fio_io_bytes", "counter", "bytes", "Bytes transferred, per job and direction.");
    each([&](const DirectionMetrics& m, const std::string& l) { w.sample("fio_io_bytes_total", l, m.bytes); });
    w.begin("fio_iops", "gauge", "", "I/Os per second over the last status interval.");
    each([&](const DirectionMetrics& m, const std::string& l) { w.sample("fio_iops", l, m.iops); });
    w.begin("fio_bandwidth_bytes_per_second", "gauge", "bytes_per_second",
            "Bytes per second over the last status interval.");
    each([&](const DirectionMetrics& m, const std::string& l) {
        w.sample("fio_bandwidth_bytes_per_second", l, m.bytes_per_second);
    });
    w.begin("fio_completion_latency_seconds", "histogram", "seconds",
            "Completion latency (fio's clat), from the job's latency histogram.");
    for (const JobMetrics& job : s.jobs) {
        for (std::size_t d = 0; d < job.directions.size(); ++d) {
            const LatencyBuckets& lat = job.directions[d].latency;
            std::uint64_t cumulative = 0;
            for (std::size_t i = 0; i < lat.counts.size(); ++i) {
                cumulative += lat.counts[i];
                const std::string le = fmt::format("le=\"{}\"", static_cast<double>(kMetricsLatencyBoundsNs[i]) / 1e9);
                w.sample("fio_completion_latency_seconds_bucket",
                         label_set(job.host, job.job, kMetricsDirections[d], le), cumulative);
            }
            const std::string labels = label_set(job.host, job.job, kMetricsDirections[d]);
            w.sample("fio_completion_latency_seconds_bucket",
                     label_set(job.host, job.job, kMetricsDirections[d], "le=\"+Inf\""), lat.count);
            w.sample("fio_completion_latency_seconds_count", labels, lat.count);
            w.sample("fio_completion_latency_seconds_sum", labels, static_cast<double>(lat.sum_ns) / 1e9);
        }
    }
}

void render_hosts(FamilyWriter& w, const MetricsSnapshot& s) {
    if (s.hosts.empty()) return;
    w.begin("fio_host_jobs_running", "gauge", "", "A server's job threads doing I/O now.");
    for (const HostMetrics& h : s.hosts) {
        w.sample("fio_host_jobs_running", label_set(h.host, "", ""), static_cast<std::uint64_t>(h.jobs_running));
    }
    w.begin("fio_host_percent_done", "gauge", "", "How far a server's run is, 0 to 100.");
    for (const HostMetrics& h : s.hosts) w.sample("fio_host_percent_done", label_set(h.host, "", ""), h.percent_done);
    w.begin("fio_host_iops", "gauge", "", "A server's I/Os per second, from its latest status.");
    for (const HostMetrics& h : s.hosts) {
        for (std::size_t d = 0; d < 3; ++d) {
            w.sample("fio_host_iops", label_set(h.host, "", kMetricsDirections[d]), h.iops[d]);
        }
    }
    w.begin("fio_host_bandwidth_bytes_per_second", "gauge", "bytes_per_second",
            "A server's bytes per second, from its latest status.");
    for (const HostMetrics& h : s.hosts) {
        for (std::size_t d = 0; d < 3; ++d) {
            w.sample("fio_host_bandwidth_bytes_per_second", label_set(h.host, "", kMetricsDirections[d]),
                     h.bytes_per_second[d]);
        }
    }
}

}  // namespace

std::string_view metrics_content_type(MetricsFormat format) noexcept {
    return format == MetricsFormat::openmetrics ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                                                : "text/plain; version=0.0.4; charset=utf-8";
}

MetricsFormat metrics_format_for(std::string_view accept) noexcept {
    if (accept.find("application/openmetrics-text") != std::string_view::npos) return MetricsFormat::openmetrics;
    if (accept.find("text/plain") != std::string_view::npos) return MetricsFormat::prometheus_text;
    return MetricsFormat::openmetrics;
}

std::string escape_label_value(std::string_view value) {
    std::string escaped;
    escaped.reserve(value.size());
    for (const char c : value) {
        if (c == '\\') escaped += "\\\\";
        else if (c == '"') escaped += "\\\"";
        else if (c == '\n') escaped += "\\n";
        else escaped += c;
    }
    return escaped;
}

std::string render_metrics(const MetricsSnapshot& snapshot, MetricsFormat format) {
    std::string out;
    FamilyWriter writer(out, format);
    render_run(writer, snapshot);
    if (!snapshot.jobs.empty()) render_jobs(writer, snapshot);
    render_hosts(writer, snapshot);
    if (format == MetricsFormat::openmetrics) out += "# EOF\n";
    return out;
}

}  // namespace fio::core

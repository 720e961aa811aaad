#include "remote/server_policy.hpp"

#include "cli/command_line.hpp"
#include "options/value_parsers.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <charconv>

namespace fio::core {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::optional<std::uint64_t> optional_number(const json& doc, const char* key) {
    if (!doc.contains(key) || doc.at(key).is_null()) return std::nullopt;
    return doc.at(key).get<std::uint64_t>();
}

std::vector<fs::path> paths_of(const json& doc, const char* key) {
    std::vector<fs::path> paths;
    if (doc.contains(key)) {
        for (const auto& entry : doc.at(key)) paths.emplace_back(entry.get<std::string>());
    }
    return paths;
}

}  // namespace

std::string seconds_text(std::uint64_t ns) {
    return ns % 1'000'000'000 == 0 ? fmt::format("{} s", ns / 1'000'000'000)
                                   : fmt::format("{} ms", ns / 1'000'000);
}

std::string ServerPolicy::describe() const {
    std::string text = fmt::format("root {}; {}; {}", root.string(),
                                   allow_exec ? "commands allowed (--allow-exec)" : "no commands",
                                   allow_plugin_paths ? "plugin paths allowed (--allow-plugin-paths)"
                                                      : "no plugin paths");
    if (max_runtime_ns) text += "; max runtime " + seconds_text(*max_runtime_ns);
    if (max_size) text += fmt::format("; max size {} bytes", *max_size);
    if (max_jobs) text += fmt::format("; max jobs {}", *max_jobs);
    return text;
}

std::string encode_policy(const ServerPolicy& policy) {
    json doc;
    doc["root"] = policy.root.string();
    doc["exec"] = policy.allow_exec;
    doc["plugin_paths"] = policy.allow_plugin_paths;
    if (policy.max_runtime_ns) doc["max_runtime_ns"] = *policy.max_runtime_ns;
    if (policy.max_size) doc["max_size"] = *policy.max_size;
    if (policy.max_jobs) doc["max_jobs"] = *policy.max_jobs;
    json dirs = json::array();
    for (const auto& dir : policy.server_plugin_dirs) dirs.push_back(dir.string());
    doc["plugin_dirs"] = dirs;
    doc["job_dir"] = policy.job_dir.string();
    return doc.dump();
}

ServerPolicy decode_policy(const std::string& text) {
    try {
        const json doc = json::parse(text);
        ServerPolicy policy;
        policy.root = doc.at("root").get<std::string>();
        policy.allow_exec = doc.at("exec").get<bool>();
        policy.allow_plugin_paths = doc.at("plugin_paths").get<bool>();
        policy.max_runtime_ns = optional_number(doc, "max_runtime_ns");
        policy.max_size = optional_number(doc, "max_size");
        policy.max_jobs = optional_number(doc, "max_jobs");
        policy.server_plugin_dirs = paths_of(doc, "plugin_dirs");
        policy.job_dir = doc.value("job_dir", std::string());
        if (policy.root.empty() || !policy.root.is_absolute()) throw std::runtime_error("no absolute root");
        return policy;
    } catch (const std::exception& e) {
        throw std::runtime_error(fmt::format("{} is not a server policy: {}", kServerPolicyVariable, e.what()));
    }
}

bool apply_server_policy_option(ServerPolicyOptions& options, std::string_view name,
                                const std::string& value) {
    const auto bad = [&](const std::string& why) {
        return CommandLineError(fmt::format("--{}: '{}' is not {}", name, value, why));
    };
    try {
        if (name == "server-root") {
            if (value.empty()) throw CommandLineError("--server-root: a directory is required");
            options.root = fs::path(value);
        } else if (name == "allow-exec") {
            options.allow_exec = true;
        } else if (name == "allow-plugin-paths") {
            options.allow_plugin_paths = true;
        } else if (name == "max-runtime") {
            options.max_runtime_ns = parse_time_ns(value, TimeUnit::s);
            if (*options.max_runtime_ns == 0) throw bad("a time above 0");
        } else if (name == "max-size") {
            options.max_size = parse_size(value);
            if (*options.max_size == 0) throw bad("a size above 0");
        } else if (name == "max-jobs") {
            std::uint64_t jobs = 0;
            const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), jobs);
            if (value.empty() || error != std::errc() || end != value.data() + value.size()) {
                throw bad("a number of jobs");
            }
            // Stock's --max-jobs has no effect; ours caps a server's submissions (0: no cap).
            if (jobs == 0) options.max_jobs.reset();
            else options.max_jobs = jobs;
        } else {
            return false;
        }
    } catch (const ValueError& e) {
        throw CommandLineError(fmt::format("--{}: {}", name, e.what()));
    }
    return true;
}

ServerPolicy make_server_policy(const ServerPolicyOptions& options) {
    ServerPolicy policy;
    std::error_code ec;
    const fs::path given = options.root.value_or(fs::current_path(ec));
    policy.root = fs::canonical(given, ec);
    if (ec || !fs::is_directory(policy.root, ec)) {
        throw CommandLineError(fmt::format("--server-root={}: not a directory", given.string()));
    }
    policy.allow_exec = options.allow_exec;
    policy.allow_plugin_paths = options.allow_plugin_paths;
    policy.max_runtime_ns = options.max_runtime_ns;
    policy.max_size = options.max_size;
    policy.max_jobs = options.max_jobs;
    return policy;
}

}  // namespace fio::core

// Side by side with stock fio 3.33 (/usr/bin/fio): the same command line run by both,
// each in its own scratch directory, and comparisons of what consumers read: exit
// status, stderr, JSON key paths and types, terse fields, the normal output's lines with
// numbers masked. One harness for every test that compares with stock.
#pragma once

#include "run_command.hpp"
#include "scratch_dir.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

namespace fio::test {

inline constexpr const char* kStockFio = "/usr/bin/fio";

inline bool stock_available() { return std::filesystem::exists(kStockFio); }

struct SideBySide {
    CommandResult ours;
    CommandResult stock;
};

// Runs `args` (job options, job file names relative to the scratch directory, ...)
// with ours and with stock, each with its own fresh scratch directory as the working
// directory; `setup` is a shell snippet run first in each (e.g. writing a job file).
inline SideBySide run_side_by_side(const std::string& args, const std::string& setup = "",
                                   int timeout_s = 120) {
    ScratchDir ours_dir;
    ScratchDir stock_dir;
    const auto in = [&](const ScratchDir& dir, const std::string& binary) {
        std::string command = "cd " + dir.path().string() + " && ";
        if (!setup.empty()) command += "{ " + setup + "; } && ";
        return run_shell(command + binary + " " + args, timeout_s);
    };
    return {in(ours_dir, FIO_BINARY), in(stock_dir, kStockFio)};
}

// Runs the shell `script` with ours and with stock, each in its own fresh scratch
// directory, $FIO naming the binary: for a sequence of runs (a job, then one that reads
// what it left behind) and the files they leave.
inline SideBySide run_script_side_by_side(const std::string& script, int timeout_s = 120) {
    ScratchDir ours_dir;
    ScratchDir stock_dir;
    const auto in = [&](const ScratchDir& dir, const std::string& binary) {
        return run_shell("cd " + dir.path().string() + " && FIO=" + binary + " && { " + script + "; }",
                         timeout_s);
    };
    return {in(ours_dir, FIO_BINARY), in(stock_dir, kStockFio)};
}

// Every key path of `stock` ("jobs[0].read.clat_ns.mean") that `ours` lacks or holds
// with another JSON type (integer and unsigned count as the same type; a float where
// stock has an integer, or the other way round, counts as a difference). Arrays are
// compared element by element up to the shorter length.
inline void json_path_differences(const nlohmann::json& stock, const nlohmann::json& ours,
                                  const std::string& path, std::vector<std::string>& out) {
    const auto kind = [](const nlohmann::json& v) {
        if (v.is_number_integer()) return std::string("integer");
        return std::string(v.type_name());
    };
    if (kind(stock) != kind(ours)) {
        out.push_back(path + ": stock has " + kind(stock) + ", ours " + kind(ours));
        return;
    }
    if (stock.is_object()) {
        for (const auto& [key, value] : stock.items()) {
            const std::string child = path.empty() ? key : path + "." + key;
            if (!ours.contains(key)) {
                out.push_back(child + ": missing");
                continue;
            }
            json_path_differences(value, ours.at(key), child, out);
        }
    } else if (stock.is_array()) {
        for (std::size_t i = 0; i < stock.size() && i < ours.size(); ++i) {
            json_path_differences(stock[i], ours[i], path + "[" + std::to_string(i) + "]", out);
        }
        if (ours.size() < stock.size()) out.push_back(path + ": stock has " + std::to_string(stock.size()) +
                                                      " entries, ours " + std::to_string(ours.size()));
    }
}

inline std::vector<std::string> json_path_differences(const nlohmann::json& stock, const nlohmann::json& ours) {
    std::vector<std::string> out;
    json_path_differences(stock, ours, "", out);
    return out;
}

inline std::vector<std::string> split_fields(const std::string& line, char separator = ';') {
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
        const auto at = line.find(separator, start);
        fields.push_back(line.substr(start, at - start));
        if (at == std::string::npos) return fields;
        start = at + 1;
    }
}

// The lines of `text` that are not empty.
inline std::vector<std::string> nonempty_lines(const std::string& text) {
    std::vector<std::string> lines;
    for (auto& line : split_fields(text, '\n')) {
        if (!line.empty()) lines.push_back(line);
    }
    return lines;
}

// The lines of a normal report with every run of digits (and decimal point) replaced
// by '#', trailing blanks dropped, so two runs compare on their shape.
inline std::vector<std::string> masked_lines(const std::string& text) {
    static const std::regex number("[0-9]+(\\.[0-9]+)?");
    std::vector<std::string> lines;
    for (auto& line : split_fields(text, '\n')) {
        std::string masked = std::regex_replace(line, number, "#");
        while (!masked.empty() && (masked.back() == ' ' || masked.back() == '\r')) masked.pop_back();
        lines.push_back(masked);
    }
    while (!lines.empty() && lines.back().empty()) lines.pop_back();
    return lines;
}

// The masked lines of `stock` that `ours` does not have, in order (a line may appear in
// ours among others: ours can print more, never less).
inline std::vector<std::string> missing_lines(const std::string& stock, const std::string& ours) {
    const auto want = masked_lines(stock);
    const auto have = masked_lines(ours);
    std::vector<std::string> missing;
    std::size_t at = 0;
    for (const auto& line : want) {
        std::size_t found = at;
        while (found < have.size() && have[found] != line) ++found;
        if (found == have.size()) {
            missing.push_back(line);
        } else {
            at = found + 1;
        }
    }
    return missing;
}

// The outline of a normal report, numbers masked: the job definition lines, "Starting",
// "Laying out", each job's and direction's head ("x: (groupid=#, jobs=#)", "  read: IOPS"),
// the group lines' heads and the disk stats title; what stays put from run to run when
// the timings (and so the units and column widths) vary.
inline std::vector<std::string> report_outline(const std::string& text) {
    static const std::vector<std::regex> kept = {
        std::regex(R"(^\S.*: \(g=#\): rw=.*$)"), std::regex(R"(^\.\.\.$)"),
        std::regex(R"(^Starting .*$)"), std::regex(R"(^\S+: Laying out .*$)"),
        std::regex(R"(^\S+: \(groupid=#, jobs=#\))"), std::regex(R"(^  (read|write|trim): IOPS)"),
        std::regex(R"(^Run status group # \(all jobs\):$)"), std::regex(R"(^ +(READ|WRITE|TRIM): bw=)"),
        std::regex(R"(^Disk stats \(read/write\):$)")};
    std::vector<std::string> outline;
    for (const auto& line : masked_lines(text)) {
        for (const auto& pattern : kept) {
            std::smatch match;
            if (std::regex_search(line, match, pattern)) {
                outline.push_back(match.str(0));
                break;
            }
        }
    }
    return outline;
}

}  // namespace fio::test

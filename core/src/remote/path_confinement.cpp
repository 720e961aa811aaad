#include "remote/path_confinement.hpp"

#include <fmt/format.h>

#include <deque>
#include <vector>

namespace fio::core {
namespace {

namespace fs = std::filesystem;

// Links followed before a path counts as a loop (Linux's own limit).
constexpr int kMaxLinks = 40;

bool is_within(const fs::path& path, const fs::path& root) {
    auto p = path.begin();
    for (auto r = root.begin(); r != root.end(); ++r, ++p) {
        if (r->empty()) continue;  // a trailing separator of the root
        if (p == path.end() || *p != *r) return false;
    }
    return true;
}

// Pushes the components of `path` to the front of `pending`, in order.
void push_front_components(std::deque<fs::path>& pending, const fs::path& path) {
    std::vector<fs::path> parts;
    for (const auto& part : path.relative_path()) {
        if (!part.empty()) parts.push_back(part);
    }
    pending.insert(pending.begin(), parts.begin(), parts.end());
}

}  // namespace

ConfinedPath confine_path(const fs::path& root, std::string_view text) {
    ConfinedPath result;
    const fs::path path(text);
    fs::path current = path.is_absolute() ? fs::path("/") : root;
    std::deque<fs::path> pending;
    push_front_components(pending, path);
    int links = 0;
    bool exists = true;  // whether `current` exists: below a missing part nothing can
    while (!pending.empty()) {
        const fs::path part = pending.front();
        pending.pop_front();
        if (part == ".") continue;
        if (part == "..") {
            current = current.parent_path();
            continue;
        }
        fs::path next = current / part;
        std::error_code ec;
        const fs::file_status status = exists ? fs::symlink_status(next, ec) : fs::file_status{};
        if (exists && fs::is_symlink(status)) {
            if (++links > kMaxLinks) {
                result.why = fmt::format("has more than {} symbolic links (a loop?)", kMaxLinks);
                result.resolved = next;
                return result;
            }
            const fs::path target = fs::read_symlink(next, ec);
            if (ec) {
                result.why = fmt::format("cannot read the link {}: {}", next.string(), ec.message());
                result.resolved = next;
                return result;
            }
            if (target.is_absolute()) current = "/";
            push_front_components(pending, target);
            continue;
        }
        exists = exists && fs::exists(status);
        current = std::move(next);
    }
    result.resolved = current.lexically_normal();
    if (result.resolved.has_relative_path() && !result.resolved.has_filename()) {
        result.resolved = result.resolved.parent_path();  // "a/b/" names a/b
    }
    result.inside = is_within(result.resolved, root);
    if (!result.inside) result.why = fmt::format("resolves to {}", result.resolved.string());
    return result;
}

}  // namespace fio::core

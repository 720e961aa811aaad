#include "run/engine_fit.hpp"

#include "verify/checksum.hpp"

#include <fmt/format.h>

namespace fio::core {

namespace {

// Why an engine with these flags has nothing a verify read could check, or nullptr.
// The first matching flag speaks: it is the one a vendor set for that reason.
const char* unverifiable_because(std::uint32_t flags) noexcept {
    if (flags & sdk::kEngineNoData) return "its I/Os move no data (kEngineNoData)";
    if (flags & sdk::kEngineCreatesFiles) {
        return "its I/Os create files and move none of their contents (kEngineCreatesFiles)";
    }
    if (flags & sdk::kEngineNamesFiles) {
        return "its I/Os act on the files' names, not their contents (kEngineNamesFiles)";
    }
    return nullptr;
}

}  // namespace

std::optional<std::string> engine_flag_problem(const JobSpec& job,
                                               const sdk::PluginDescriptor& engine) {
    // verify=null only pretends to check: it means something with every engine.
    if (!job.verify.enabled() || job.verify.method == VerifyMethod::null) return std::nullopt;
    if (const char* why = unverifiable_because(engine.flags)) {
        return fmt::format("verify={} cannot check ioengine={}: {}",
                           verify_method_name(job.verify.method), engine.name, why);
    }
    return std::nullopt;
}

std::vector<std::string> engine_flag_warnings(const JobSpec& job,
                                              const sdk::PluginDescriptor& engine) {
    std::vector<std::string> warnings;
    if ((engine.flags & sdk::kEngineDiskless) == 0) return warnings;
    // An engine that keeps no data (null) or moves none (cpuio) is stock's: there file
    // names are habit (copied job files), and stock ignores them without a word, so do
    // we. An engine that keeps data (a vendor's RAM disk) ignoring a file the user named
    // would lose what they meant: that gets a warning.
    if (engine.flags & (sdk::kEngineNoData | sdk::kEngineDiscardsData)) return warnings;
    const auto ignored = [&](const std::string& option) {
        warnings.push_back(fmt::format("job '{}': ioengine={} uses no files (kEngineDiskless): "
                                       "{} is ignored",
                                       job.name, engine.name, option));
    };
    if (!job.filenames.empty()) ignored("filename=" + job.filenames.front());
    if (job.nrfiles > 1) ignored(fmt::format("nrfiles={}", job.nrfiles));
    return warnings;
}

}  // namespace fio::core

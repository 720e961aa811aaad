#include "remote/host_facts.hpp"

#include <fio/sdk/frame.hpp>
#include <fio/sdk/version.hpp>

#include <algorithm>

#include <sys/utsname.h>
#include <unistd.h>

namespace fio::core {

sdk::wire::ProbeReply probe_this_host(PluginRegistry& registry) {
    sdk::wire::ProbeReply reply;
    reply.proto_major = sdk::wire::kProtocolMajor;
    reply.proto_minor = sdk::wire::kProtocolMinor;
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) == 0) reply.hostname = host;
    reply.fio_version = std::string("fio-") + sdk::kFioVersion;
    struct utsname names {};
    if (::uname(&names) == 0) {
        reply.os = names.sysname;
        reply.arch = names.machine;
    }
    const long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
    reply.cpus = cpus > 0 ? static_cast<std::uint32_t>(cpus) : 0;
    for (const auto& row : registry.list_all()) {
        if (!row.plugin) continue;
        const auto& d = row.plugin->descriptor();
        reply.plugins.push_back(std::string(sdk::to_string(d.kind)) + ":" + d.name);
    }
    std::sort(reply.plugins.begin(), reply.plugins.end());
    reply.plugins.erase(std::unique(reply.plugins.begin(), reply.plugins.end()), reply.plugins.end());
    return reply;
}

}  // namespace fio::core

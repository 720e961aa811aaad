#include "remote/listen_policy.hpp"

#include <fio/sdk/host_port.hpp>

#include <fmt/format.h>

#include <cstring>
#include <stdexcept>

#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace fio::core {
namespace {

bool is_loopback_address(const sockaddr* address) {
    if (address->sa_family == AF_INET) {
        const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
        return (ntohl(v4->sin_addr.s_addr) >> 24) == 127;
    }
    if (address->sa_family == AF_INET6) {
        const in6_addr& v6 = reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr;
        if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
        return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;  // ::ffff:127.x.y.z
    }
    return false;
}

std::string exposure_warning(const std::string& where) {
    return fmt::format("warning: --allow-insecure: {} is open without authentication or encryption: anyone "
                       "who reaches it can run jobs, read and write files as this user",
                       where);
}

std::string refusal(const std::string& where) {
    return fmt::format("refusing to listen on {} without authentication: give --auth-token-file=FILE (or "
                       "FIO_AUTH_TOKEN_FILE), use the tls transport, or --allow-insecure to expose it anyway",
                       where);
}

}  // namespace

bool is_loopback_host(const std::string& host) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    addrinfo* found = nullptr;
    if (::getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0 || found == nullptr) return false;
    bool all_loopback = true;
    for (const addrinfo* entry = found; entry != nullptr; entry = entry->ai_next) {
        all_loopback = all_loopback && is_loopback_address(entry->ai_addr);
    }
    ::freeaddrinfo(found);
    return all_loopback;
}

ListenPlan plan_listening(const Endpoint& requested, bool authenticated, bool allow_insecure) {
    ListenPlan plan{requested, {}};
    if (authenticated || requested.transport == "tls") return plan;
    const std::string local_only =
        "no --auth-token-file and no TLS: only this host can connect (loopback addresses and Unix sockets)";
    if (requested.transport == "unix") {
        plan.notice = local_only;
        return plan;
    }
    if (requested.transport == "tcp" && sdk::is_port_number(requested.address)) {
        // The default: every address in stock fio; here loopback only, unless told.
        if (allow_insecure) {
            plan.notice = exposure_warning(fmt::format("every address on port {}", requested.address));
        } else {
            plan.endpoint.address = "loopback:" + requested.address;
            plan.notice = fmt::format("{}; listening on 127.0.0.1 and [::1] only (--allow-insecure opens every "
                                      "address)",
                                      local_only);
        }
        return plan;
    }
    if (requested.transport == "tcp") {
        sdk::HostPort where;
        std::string error;
        if (sdk::split_host_port(requested.address, where, error) && is_loopback_host(where.host)) {
            plan.notice = local_only;
            return plan;
        }
    }
    if (!allow_insecure) throw std::invalid_argument(refusal(requested.text()));
    plan.notice = exposure_warning(requested.text());
    return plan;
}

}  // namespace fio::core

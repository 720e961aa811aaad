// The SDK's ABI version. Bump the major when a change breaks plugins built against an
// older SDK (a field removed or reordered, a virtual function changed); bump the minor
// when appending (new descriptor fields at the end, new virtual functions at the end of
// an interface). The host loads plugins with the same major and a minor <= its own.
// 1.1: EngineSetup::requests and runtime_ns; the kEngineNoData, kEngineNamesFiles and
// kEngineCreatesFiles flags.
// 1.2: JobResult::priority_latency, appended (per-priority latencies, cmdprio_*).
// 1.3: host labels of client runs, appended: client_host and all_clients to JobResult,
// GroupResult and JobDescription; RunInfo::client_run; Connection::native_handle(), a
// virtual function appended at the end of the transport's connection interface;
// DiskUtil::slaves (stock's aggregate over a dm/md device's slaves) and
// JobDescription::as_threads, appended.
// 1.4: RunSummary::idleness (--idle-prof), appended; wire::Opcode auth_hello,
// auth_challenge and auth_proof (66-68) with their payloads wire::AuthNonce and wire::AuthProof (wire_auth.hpp), the authentication handshake;
// StreamListener::native_handle() (header-only), so a transport can wait on two listeners;
// and (header-only, no layout change) stream_connection.hpp: StreamConnection is
// BasicStreamConnection<SocketChannel>, so a transport brings its own byte channel (TLS)
// under the shared framing; StreamListener::open takes a ConnectionMaker (appended
// parameter); connect_socket(); tcp_endpoints.hpp (listen_tcp, connect_tcp_socket) shared
// by tcp and tls; FrameError::tls_peer, appended.
// 1.5: JobResult::series, appended (series.hpp): per direction the bw and IOPS samples
// over time and, where latencies are logged, clat percentiles over time; sent on the
// wire as the job result's "ser" key, absent when empty (older readers skip it).
#pragma once

#include <cstdint>

namespace fio::sdk {

#ifndef FIO_SDK_ABI_MAJOR
#define FIO_SDK_ABI_MAJOR 1
#endif
#ifndef FIO_SDK_ABI_MINOR
#define FIO_SDK_ABI_MINOR 5
#endif

inline constexpr std::uint16_t kAbiMajor = FIO_SDK_ABI_MAJOR;
inline constexpr std::uint16_t kAbiMinor = FIO_SDK_ABI_MINOR;

// The fio release this SDK belongs to, reported as "fio-<kFioVersion>".
inline constexpr const char* kFioVersion = "3.33";

}  // namespace fio::sdk

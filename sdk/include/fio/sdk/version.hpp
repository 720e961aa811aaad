// The SDK's ABI version. The host loads plugins with the same major and a minor <= its
// own. The policy in short (docs/sdk-abi.md has it in full):
//   - a minor may append: fields at the end of a struct that crosses the boundary (or in
//     its former padding), virtual functions at the end of an interface, new flags,
//     enumerators, opcodes and header-only helpers;
//   - anything else forces a major: a field removed, reordered, resized or retyped, a
//     virtual function added in the middle, removed or changed, a meaning changed;
//   - the ABI types are those reachable from PluginDescriptor: the engine's, the output
//     sink's with every result struct it receives, the transport's. tests/sdk/abi/
//     holds their frozen layout and a test fails on anything but an append;
//   - std::string and std::vector cross in the result structs, so the C++ runtime
//     (libstdc++ and its C++11 string ABI) is part of the contract: a 1.5 plugin
//     records it in its descriptor and the host refuses a mismatch.
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
// 1.5: PluginDescriptor::cxx_runtime, appended (the C++ runtime the plugin was built
// with: library, _GLIBCXX_USE_CXX11_ABI, sizeof(std::string), sizeof(std::vector)); the
// ABI policy written down (docs/sdk-abi.md) and every ABI struct's layout frozen;
// RunSummary::kind (ReportKind), appended: whether a report is the final one or an
// interim one of --status-interval, cumulative or per interval (delta); and
// (header-only) histogram_bucket_low/high in histogram.hpp; Engine::io_error_text(), a
// virtual function appended at the end of Engine (the host calls it only on engines built
// against >= 1.5); the kEngineDiscardsData flag;
// the declaration macros export the factory behind guarded_factory (header-only); the
// reap() contract and what each engine flag means for files and verify, written down.
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

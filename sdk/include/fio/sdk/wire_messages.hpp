// The messages of fio's client/server protocol: opcodes, payload structs and their CBOR
// codecs (docs/protocol.md describes every key). A payload is a CBOR map with short
// string keys and "v" = [major, minor] of the sender. Readers are tolerant: unknown keys
// are ignored and missing keys keep their defaults, so peers one minor version apart
// understand each other; encode_payload(value, 0) writes what a 1.0 peer wrote (fields
// added in 1.1 are left out), which is how the tests play an older peer.
//
// decode_payload never throws and never crashes, whatever the bytes: it returns false
// with one line saying what was wrong ("job result: field 'dirs' is not an array").
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "fio/sdk/output.hpp"
#include "fio/sdk/result.hpp"
#include "fio/sdk/wire_auth.hpp"
#include "fio/sdk/wire_cbor.hpp"
#include "fio/sdk/wire_results.hpp"

namespace fio::sdk::wire {

// Stock fio's numbers where the meaning is shared; ours from 64.
enum class Opcode : std::uint16_t {
    quit = 1,
    text = 5,
    job_result = 6,    // stock's TS
    group_result = 7,  // stock's GS
    status = 9,        // stock's ETA
    probe = 10,
    start = 11,        // RunInfo: jobs described, the run begins
    stop = 12,         // server: RunEnd; client: empty, end the run early (Ctrl-C)
    disk_util = 13,
    run = 16,          // client: go (JobSubmission)
    error = 64,        // ErrorReply: refusal, busy or failure, text for the user
    keepalive = 65,    // empty: the server is alive while a run is silent (each second)
    // The authentication handshake (1.4), before the probe when a token is configured:
    auth_hello = 66,      // client: AuthNonce, its fresh nonce
    auth_challenge = 67,  // server: AuthNonce, its fresh nonce
    auth_proof = 68,      // each side: AuthProof, its HMAC over both nonces
};

struct ProbeRequest {
    std::uint16_t proto_major = 1, proto_minor = 0;
    std::string fio_version;
};

struct ProbeReply {
    std::uint16_t proto_major = 1, proto_minor = 0;
    std::string hostname, fio_version, os, arch;
    std::uint32_t cpus = 0;
    std::vector<std::string> plugins;  // "engine:psync" ... (1.1+)
};

struct JobSubmission {
    std::vector<std::string> job_file_names;
    std::vector<std::string> job_file_texts;
    std::vector<std::string> arguments;  // command-line options, e.g. "--name=x"
    std::string remote_config;           // a job file path on the server
};

struct TextLine {
    sdk::LogLevel level = sdk::LogLevel::info;
    std::string text;
};

struct RunEnd {
    std::int32_t exit_code = 0;
    std::string error;
};

struct ErrorReply {
    std::string reason;
};

namespace detail {

// A probe carries the protocol version its sender announces ("proto"); without it, the
// payload's own "v" stands for it.
template <class Probe>
void put_probe_version(Json& map, const Probe& probe) {
    map["proto"] = Json::array({probe.proto_major, probe.proto_minor});
}

template <class Probe>
void read_probe_version(Reader& r, const Json& map, Probe& out) {
    std::array<std::uint16_t, 2> version{kPayloadMajor, 0};
    get(r, map, "v", version);
    get(r, map, "proto", version);
    out.proto_major = version[0];
    out.proto_minor = version[1];
}

inline void read_value(Reader& r, const Json& v, JobDescription& out, const char* key) {
    if (!v.is_object()) return r.fail(key, "is not a map");
    Reader::Scope scope(r, key);
    get(r, v, "name", out.name);
    get(r, v, "g", out.groupid);
    get(r, v, "clones", out.clones);
    get(r, v, "rw", out.rw);
    get(r, v, "bsmin", out.bs_min);
    get(r, v, "bsmax", out.bs_max);
    get(r, v, "engine", out.ioengine);
    get(r, v, "depth", out.iodepth);
    get(r, v, "thr", out.as_threads);
    read_labels(r, v, out);
}

inline Json job_description_to_json(const JobDescription& d, std::uint16_t minor) {
    Json map{{"name", d.name},       {"g", d.groupid},        {"clones", d.clones},
             {"rw", d.rw},           {"bsmin", d.bs_min},     {"bsmax", d.bs_max},
             {"engine", d.ioengine}, {"depth", d.iodepth}};
    if (d.as_threads) map["thr"] = true;  // older peers ignore it
    put_labels(map, d, minor);
    return map;
}

}  // namespace detail

// ---- ProbeRequest: {"proto", "fv"} ----

inline std::vector<std::uint8_t> encode_payload(const ProbeRequest& value,
                                                std::uint16_t minor = kPayloadMinor) {
    detail::Json map = detail::payload_map(minor);
    detail::put_probe_version(map, value);
    map["fv"] = value.fio_version;
    return detail::to_bytes(map);
}

inline bool decode_payload(std::span<const std::uint8_t> bytes, ProbeRequest& out,
                           std::string& error) {
    return detail::decode_with(bytes, out, error, "probe",
                               [](detail::Reader& r, const detail::Json& map, ProbeRequest& p) {
                                   detail::read_probe_version(r, map, p);
                                   get(r, map, "fv", p.fio_version);
                               });
}

// ---- ProbeReply: {"proto", "host", "fv", "os", "arch", "cpus", "plugins" (1.1)} ----

inline std::vector<std::uint8_t> encode_payload(const ProbeReply& value,
                                                std::uint16_t minor = kPayloadMinor) {
    detail::Json map = detail::payload_map(minor);
    detail::put_probe_version(map, value);
    map["host"] = value.hostname;
    map["fv"] = value.fio_version;
    map["os"] = value.os;
    map["arch"] = value.arch;
    map["cpus"] = value.cpus;
    if (minor >= 1) map["plugins"] = value.plugins;
    return detail::to_bytes(map);
}

inline bool decode_payload(std::span<const std::uint8_t> bytes, ProbeReply& out,
                           std::string& error) {
    return detail::decode_with(bytes, out, error, "probe reply",
                               [](detail::Reader& r, const detail::Json& map, ProbeReply& p) {
                                   detail::read_probe_version(r, map, p);
                                   get(r, map, "host", p.hostname);
                                   get(r, map, "fv", p.fio_version);
                                   get(r, map, "os", p.os);
                                   get(r, map, "arch", p.arch);
                                   get(r, map, "cpus", p.cpus);
                                   get(r, map, "plugins", p.plugins);
                               });
}

// ---- JobSubmission: {"names", "texts", "args", "rconf"} ----

inline std::vector<std::uint8_t> encode_payload(const JobSubmission& value,
                                                std::uint16_t minor = kPayloadMinor) {
    detail::Json map = detail::payload_map(minor);
    map["names"] = value.job_file_names;
    map["texts"] = value.job_file_texts;
    map["args"] = value.arguments;
    map["rconf"] = value.remote_config;
    return detail::to_bytes(map);
}

inline bool decode_payload(std::span<const std::uint8_t> bytes, JobSubmission& out,
                           std::string& error) {
    return detail::decode_with(bytes, out, error, "job submission",
                               [](detail::Reader& r, const detail::Json& map, JobSubmission& s) {
                                   get(r, map, "names", s.job_file_names);
                                   get(r, map, "texts", s.job_file_texts);
                                   get(r, map, "args", s.arguments);
                                   get(r, map, "rconf", s.remote_config);
                               });
}

// ---- TextLine: {"lvl": 0 info | 1 warning | 2 error, "text"} ----

inline std::vector<std::uint8_t> encode_payload(const TextLine& value,
                                                std::uint16_t minor = kPayloadMinor) {
    detail::Json map = detail::payload_map(minor);
    map["lvl"] = static_cast<std::uint8_t>(value.level);
    map["text"] = value.text;
    return detail::to_bytes(map);
}

inline bool decode_payload(std::span<const std::uint8_t> bytes, TextLine& out,
                           std::string& error) {
    return detail::decode_with(
        bytes, out, error, "text", [](detail::Reader& r, const detail::Json& map, TextLine& t) {
            std::uint8_t level = 0;
            get(r, map, "lvl", level);
            if (level > static_cast<std::uint8_t>(sdk::LogLevel::error)) {
                r.fail("lvl", "is not a log level (0, 1 or 2)");
            }
            t.level = static_cast<sdk::LogLevel>(level);
            get(r, map, "text", t.text);
        });
}

// ---- RunEnd: {"exit", "err"} ----

inline std::vector<std::uint8_t> encode_payload(const RunEnd& value,
                                                std::uint16_t minor = kPayloadMinor) {
    detail::Json map = detail::payload_map(minor);
    map["exit"] = value.exit_code;
    map["err"] = value.error;
    return detail::to_bytes(map);
}

inline bool decode_payload(std::span<const std::uint8_t> bytes, RunEnd& out,
                           std::string& error) {
    return detail::decode_with(bytes, out, error, "run end",
                               [](detail::Reader& r, const detail::Json& map, RunEnd& e) {
                                   get(r, map, "exit", e.exit_code);
                                   get(r, map, "err", e.error);
                               });
}

// ---- ErrorReply: {"reason"} ----

inline std::vector<std::uint8_t> encode_payload(const ErrorReply& value,
                                                std::uint16_t minor = kPayloadMinor) {
    detail::Json map = detail::payload_map(minor);
    map["reason"] = value.reason;
    return detail::to_bytes(map);
}

inline bool decode_payload(std::span<const std::uint8_t> bytes, ErrorReply& out,
                           std::string& error) {
    return detail::decode_with(bytes, out, error, "error reply",
                               [](detail::Reader& r, const detail::Json& map, ErrorReply& e) {
                                   get(r, map, "reason", e.reason);
                               });
}

// ---- RunInfo: {"fv", "start", "jobs", "threads", "gopts", "client" (1.1)} ----

inline std::vector<std::uint8_t> encode_payload(const sdk::RunInfo& value,
                                                std::uint16_t minor = kPayloadMinor) {
    detail::Json map = detail::payload_map(minor);
    map["fv"] = value.fio_version;
    map["start"] = value.start_epoch_ms;
    detail::Json jobs = detail::Json::array();
    for (const auto& job : value.jobs) jobs.push_back(detail::job_description_to_json(job, minor));
    map["jobs"] = std::move(jobs);
    map["threads"] = value.total_threads;
    map["gopts"] = detail::pairs_to_json(value.global_options);
    if (minor >= 1 && value.client_run) map["client"] = true;
    return detail::to_bytes(map);
}

inline bool decode_payload(std::span<const std::uint8_t> bytes, sdk::RunInfo& out,
                           std::string& error) {
    return detail::decode_with(bytes, out, error, "run info",
                               [](detail::Reader& r, const detail::Json& map, sdk::RunInfo& i) {
                                   get(r, map, "fv", i.fio_version);
                                   get(r, map, "start", i.start_epoch_ms);
                                   get(r, map, "jobs", i.jobs);
                                   get(r, map, "threads", i.total_threads);
                                   get(r, map, "gopts", i.global_options);
                                   get(r, map, "client", i.client_run);
                               });
}

// ---- StatusUpdate: {"run", "files", "states", "pct", "bw", "iops", "eta", "ms"} ----

inline std::vector<std::uint8_t> encode_payload(const sdk::StatusUpdate& value,
                                                std::uint16_t minor = kPayloadMinor) {
    detail::Json map = detail::payload_map(minor);
    map["run"] = value.jobs_running;
    map["files"] = value.files_open;
    map["states"] = value.job_states;
    map["pct"] = value.percent_done;
    map["bw"] = value.bw_bytes;
    map["iops"] = value.iops;
    map["eta"] = value.eta_s;
    map["ms"] = value.elapsed_ms;
    return detail::to_bytes(map);
}

inline bool decode_payload(std::span<const std::uint8_t> bytes, sdk::StatusUpdate& out,
                           std::string& error) {
    return detail::decode_with(
        bytes, out, error, "status", [](detail::Reader& r, const detail::Json& map,
                                        sdk::StatusUpdate& s) {
            get(r, map, "run", s.jobs_running);
            get(r, map, "files", s.files_open);
            get(r, map, "states", s.job_states);
            get(r, map, "pct", s.percent_done);
            get(r, map, "bw", s.bw_bytes);
            get(r, map, "iops", s.iops);
            get(r, map, "eta", s.eta_s);
            get(r, map, "ms", s.elapsed_ms);
        });
}

// ---- DiskUtil: {"name", "rios", "wios", "rmerge", "wmerge", "rticks", "wticks",
//      "inq", "util"}, and for a device with slaves "scount", "srios" ... "sutil" ----

inline std::vector<std::uint8_t> encode_payload(const sdk::DiskUtil& value,
                                                std::uint16_t minor = kPayloadMinor) {
    detail::Json map = detail::payload_map(minor);
    map["name"] = value.name;
    map["rios"] = value.read_ios;
    map["wios"] = value.write_ios;
    map["rmerge"] = value.read_merges;
    map["wmerge"] = value.write_merges;
    map["rticks"] = value.read_ticks_ms;
    map["wticks"] = value.write_ticks_ms;
    map["inq"] = value.in_queue_ms;
    map["util"] = value.util_percent;
    if (value.slaves.count != 0) {  // peers without slave aggregates ignore these keys
        const sdk::DiskSlaveAggregate& s = value.slaves;
        map["scount"] = s.count;
        map["srios"] = s.read_ios;
        map["swios"] = s.write_ios;
        map["srmerge"] = s.read_merges;
        map["swmerge"] = s.write_merges;
        map["srticks"] = s.read_ticks_ms;
        map["swticks"] = s.write_ticks_ms;
        map["sinq"] = s.in_queue_ms;
        map["sutil"] = s.max_util_percent;
    }
    return detail::to_bytes(map);
}

inline bool decode_payload(std::span<const std::uint8_t> bytes, sdk::DiskUtil& out,
                           std::string& error) {
    return detail::decode_with(bytes, out, error, "disk util",
                               [](detail::Reader& r, const detail::Json& map, sdk::DiskUtil& d) {
                                   get(r, map, "name", d.name);
                                   get(r, map, "rios", d.read_ios);
                                   get(r, map, "wios", d.write_ios);
                                   get(r, map, "rmerge", d.read_merges);
                                   get(r, map, "wmerge", d.write_merges);
                                   get(r, map, "rticks", d.read_ticks_ms);
                                   get(r, map, "wticks", d.write_ticks_ms);
                                   get(r, map, "inq", d.in_queue_ms);
                                   get(r, map, "util", d.util_percent);
                                   get(r, map, "scount", d.slaves.count);
                                   get(r, map, "srios", d.slaves.read_ios);
                                   get(r, map, "swios", d.slaves.write_ios);
                                   get(r, map, "srmerge", d.slaves.read_merges);
                                   get(r, map, "swmerge", d.slaves.write_merges);
                                   get(r, map, "srticks", d.slaves.read_ticks_ms);
                                   get(r, map, "swticks", d.slaves.write_ticks_ms);
                                   get(r, map, "sinq", d.slaves.in_queue_ms);
                                   get(r, map, "sutil", d.slaves.max_util_percent);
                               });
}

// ---- RunSummary: {"exit", "end"} ----

inline std::vector<std::uint8_t> encode_payload(const sdk::RunSummary& value,
                                                std::uint16_t minor = kPayloadMinor) {
    detail::Json map = detail::payload_map(minor);
    map["exit"] = value.exit_code;
    map["end"] = value.end_epoch_ms;
    return detail::to_bytes(map);
}

inline bool decode_payload(std::span<const std::uint8_t> bytes, sdk::RunSummary& out,
                           std::string& error) {
    return detail::decode_with(bytes, out, error, "run summary",
                               [](detail::Reader& r, const detail::Json& map, sdk::RunSummary& s) {
                                   get(r, map, "exit", s.exit_code);
                                   get(r, map, "end", s.end_epoch_ms);
                               });
}

}  // namespace fio::sdk::wire

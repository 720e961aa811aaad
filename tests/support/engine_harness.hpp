// Drives one engine plugin directly, without the runner, so a test can check the
// engine's data path byte for byte: load the .so, create the engine with chosen
// options, open a file, and push I/Os through queue/commit/reap.
#pragma once

#include "options/plugin_option_values.hpp"
#include "plugins/plugin_loader.hpp"

#include <fio/sdk/engine.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <functional>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace fio::test {

class EngineHarness {
public:
    // `plugin_file` is e.g. "fio-engine-psync.so" in FIO_PLUGIN_DIR. `options` are
    // the engine's own options as a user would write them.
    EngineHarness(const std::string& plugin_file, std::uint32_t iodepth, bool direct,
                  const core::OptionList& options = {}, std::size_t buffer_size = 1 << 20)
        : plugin_(core::load_plugin(std::string(FIO_PLUGIN_DIR) + "/" + plugin_file)) {
        const auto& d = plugin_->descriptor();
        std::vector<core::LocatedOption> given;
        for (const auto& [name, value] : options) given.push_back({name, value, {}});
        std::vector<core::LocatedOption> unclaimed;
        values_ = std::make_unique<core::PluginOptionValues>(
            std::span(d.options, d.option_count), given, 1024, unclaimed);
        if (!unclaimed.empty()) throw std::runtime_error("unknown engine option " + unclaimed[0].name);
        setup_.job_name = "harness";
        setup_.iodepth = iodepth;
        setup_.direct = direct;
        setup_.max_block_size = buffer_size;
        setup_.options = values_.get();
        char reason[256] = {};
        engine_.reset(d.create_engine(setup_, reason, sizeof reason));
        if (!engine_) throw std::runtime_error(std::string("engine refused: ") + reason);
        units_.resize(iodepth);
        for (std::uint32_t i = 0; i < iodepth; ++i) {
            buffers_.emplace_back(static_cast<char*>(std::aligned_alloc(4096, buffer_size)));
            std::memset(buffers_.back().get(), 0, buffer_size);
            units_[i].buffer = buffers_.back().get();
            units_[i].index = i;
            pointers_.push_back(buffers_.back().get());
        }
        if (engine_->register_buffers(pointers_.data(), pointers_.size(), buffer_size) < 0) {
            throw std::runtime_error("register_buffers failed");
        }
    }

    ~EngineHarness() {
        if (file_.fd >= 0) {
            engine_->close_file(file_);
            ::close(file_.fd);
        }
        engine_.reset();  // before the plugin can be unloaded
    }

    sdk::Engine& engine() { return *engine_; }
    sdk::FileHandle& file() { return file_; }  // the one open() opened
    sdk::IoUnit& unit(std::size_t i) { return units_[i]; }
    char* buffer(std::size_t i) { return static_cast<char*>(units_[i].buffer); }

    // Opens (creating) `path` as the runner would and hands it to the engine.
    void open(const std::string& path, std::uint64_t size, bool direct) {
        const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | (direct ? O_DIRECT : 0), 0644);
        if (fd < 0) throw std::runtime_error("open failed: " + path);
        if (::ftruncate(fd, static_cast<off_t>(size)) != 0) throw std::runtime_error("ftruncate failed");
        file_.path = path_storage_.assign(path).c_str();
        file_.fd = fd;
        file_.size = size;
        if (engine_->open_file(file_) < 0) throw std::runtime_error("engine open_file failed");
    }

    // Runs every I/O in `ios` (direction, offset, length, using unit i % iodepth) with at
    // most iodepth in flight; returns the result of each, in completion-independent order.
    struct Io {
        sdk::IoDirection direction;
        std::uint64_t offset;
        std::uint32_t length;
        std::int64_t result = 0;
    };
    void run(std::vector<Io>& ios) {
        std::size_t next = 0;
        std::size_t in_flight = 0;
        std::vector<sdk::IoUnit*> free_units;
        for (auto& u : units_) free_units.push_back(&u);
        std::vector<sdk::IoUnit*> done(units_.size());
        std::vector<std::size_t> owner(units_.size());
        while (next < ios.size() || in_flight > 0) {
            bool queued_any = false;
            while (next < ios.size() && !free_units.empty()) {
                sdk::IoUnit* u = free_units.back();
                u->direction = ios[next].direction;
                u->offset = ios[next].offset;
                u->length = ios[next].length;
                u->file = &file_;
                u->result = 0;
                if (on_prepare) on_prepare(*u, next);
                const auto status = engine_->queue(*u);
                if (status == sdk::QueueStatus::busy) break;
                free_units.pop_back();
                owner[u->index] = next;
                if (status == sdk::QueueStatus::completed) {
                    ios[next].result = u->result;
                    if (on_complete) on_complete(*u, next);
                    free_units.push_back(u);
                } else {
                    ++in_flight;
                    queued_any = true;
                }
                ++next;
            }
            if (queued_any && engine_->commit() < 0) throw std::runtime_error("commit failed");
            if (in_flight == 0) continue;
            const int n = engine_->reap(1, static_cast<unsigned>(in_flight), done.data(), 5'000'000'000);
            if (n < 0) throw std::runtime_error("reap failed: " + engine_->last_error());
            if (n == 0) throw std::runtime_error("reap timed out");
            for (int i = 0; i < n; ++i) {
                ios[owner[done[i]->index]].result = done[i]->result;
                if (on_complete) on_complete(*done[i], owner[done[i]->index]);
                free_units.push_back(done[i]);
            }
            in_flight -= static_cast<std::size_t>(n);
        }
    }

    // Queues one I/O on `unit` against `file` (any handle, even a bad one), submits it
    // and reaps it within a second; returns its result.
    std::int64_t run_one(sdk::IoUnit& unit, sdk::FileHandle& file, sdk::IoDirection direction,
                         std::uint64_t offset, std::uint32_t length) {
        unit.file = &file;
        unit.direction = direction;
        unit.offset = offset;
        unit.length = length;
        unit.result = 0;
        const auto status = engine_->queue(unit);
        if (status == sdk::QueueStatus::completed) return unit.result;
        if (status != sdk::QueueStatus::queued) throw std::runtime_error("queue refused the I/O");
        if (engine_->commit() < 0) throw std::runtime_error("commit failed");
        sdk::IoUnit* done = nullptr;
        if (engine_->reap(1, 1, &done, 1'000'000'000) != 1 || done != &unit) {
            throw std::runtime_error("the I/O did not complete within a second");
        }
        return unit.result;
    }

    // Called before each queue() (fill a write buffer) and after each completion
    // (check a read buffer), with the index of the I/O in the list.
    std::function<void(sdk::IoUnit&, std::size_t)> on_prepare;
    std::function<void(sdk::IoUnit&, std::size_t)> on_complete;

private:
    struct FreeDeleter {
        void operator()(char* p) const noexcept { std::free(p); }
    };
    std::shared_ptr<core::LoadedPlugin> plugin_;
    std::unique_ptr<core::PluginOptionValues> values_;
    sdk::EngineSetup setup_;
    std::unique_ptr<sdk::Engine> engine_;
    std::vector<std::unique_ptr<char, FreeDeleter>> buffers_;
    std::vector<void*> pointers_;
    std::vector<sdk::IoUnit> units_;
    sdk::FileHandle file_;
    std::string path_storage_;
};

}  // namespace fio::test

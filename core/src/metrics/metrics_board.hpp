// The newest MetricsSnapshot of the run, shared between the thread that builds them
// (the runner's status tick) and the HTTP server's thread that renders them.
#pragma once

#include "metrics/metrics_snapshot.hpp"

#include <memory>
#include <mutex>

namespace fio::core {

class MetricsBoard {
public:
    void publish(MetricsSnapshot snapshot) {
        auto fresh = std::make_shared<const MetricsSnapshot>(std::move(snapshot));
        const std::lock_guard lock(mutex_);
        latest_ = std::move(fresh);
    }
    // Never null: an empty snapshot before the first publish.
    std::shared_ptr<const MetricsSnapshot> latest() const {
        const std::lock_guard lock(mutex_);
        return latest_;
    }

private:
    mutable std::mutex mutex_;
    std::shared_ptr<const MetricsSnapshot> latest_ = std::make_shared<const MetricsSnapshot>();
};

}  // namespace fio::core

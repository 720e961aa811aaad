// A loop device over an image file in a scratch directory, detached when the object
// dies. Attaching needs root; where it is not possible, ready() is false and the test
// skips.
#pragma once

#include "run_command.hpp"
#include "scratch_dir.hpp"

#include <functional>
#include <string>

namespace fio::test {

class LoopDevice {
public:
    // make_image creates the image file at the path it is given.
    explicit LoopDevice(const std::function<void(const std::string&)>& make_image)
        : image_(dir_ / "image") {
        make_image(image_);
        const auto attach = run_shell("losetup -f --show " + image_, 10);
        if (attach.exit_code != 0 || attach.out.empty()) return;
        device_ = attach.out.substr(0, attach.out.find('\n'));
    }
    ~LoopDevice() {
        if (!device_.empty()) run_shell("losetup -d " + device_, 10);
    }
    LoopDevice(const LoopDevice&) = delete;
    LoopDevice& operator=(const LoopDevice&) = delete;

    bool ready() const { return !device_.empty(); }
    const std::string& device() const { return device_; }
    const std::string& image() const { return image_; }

private:
    ScratchDir dir_;
    std::string image_;
    std::string device_;
};

}  // namespace fio::test

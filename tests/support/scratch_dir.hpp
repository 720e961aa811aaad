// A fresh scratch directory for a test, removed with everything in it at the end.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace fio::test {

// A fresh directory under /tmp (ext4 here, so O_DIRECT works), removed when the object dies.
class ScratchDir {
public:
    ScratchDir() {
        char pattern[] = "/tmp/fio-test.XXXXXX";
        const char* made = ::mkdtemp(pattern);
        if (made == nullptr) throw std::runtime_error("cannot create a scratch directory in /tmp");
        path_ = made;
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::filesystem::path& path() const { return path_; }
    std::string operator/(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

}  // namespace fio::test

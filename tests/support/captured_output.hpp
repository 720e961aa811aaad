// An output stream that keeps what a sink writes, for the output sinks' unit tests.
#pragma once

#include <string>
#include <string_view>

#include <fio/sdk/output.hpp>

namespace fio::test {

class CapturedText final : public sdk::OutputStream {
public:
    void write(std::string_view text) override { text_ += text; }
    void flush() override { ++flushes_; }
    const std::string& text() const { return text_; }
    int flushes() const { return flushes_; }

private:
    std::string text_;
    int flushes_ = 0;
};

}  // namespace fio::test

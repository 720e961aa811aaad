#include "io_uring_settings.hpp"

#include <string_view>

namespace fio::engines {
namespace {

Registration registration(const sdk::OptionValues& o, std::string_view name) {
    if (!o.has(name)) return Registration::automatic;
    return o.get_bool(name, false) ? Registration::required : Registration::off;
}

}  // namespace

IoUringSettings read_io_uring_settings(const sdk::EngineSetup& setup) {
    IoUringSettings s;
    s.iodepth = setup.iodepth;
    s.direct = setup.direct;
    const sdk::OptionValues* o = setup.options;
    if (o == nullptr) return s;
    s.polled_completions = o->get_bool("hipri", false);
    s.fixed_buffers = registration(*o, "fixedbufs");
    s.fixed_files = registration(*o, "registerfiles");
    s.sq_thread = o->get_bool("sqthread_poll", false);
    s.sq_thread_cpu = static_cast<int>(o->get_int("sqthread_poll_cpu", -1));
    s.nonvectored = static_cast<int>(o->get_int("nonvectored", -1));
    s.force_async_every = static_cast<std::uint32_t>(o->get_int("force_async", 0));
    s.nowait = o->get_bool("nowait", false);
    s.uncached = o->get_bool("uncached", false);
    s.priority = sdk::CommandPriority(o, setup.thread_index + 1);
    return s;
}

}  // namespace fio::engines

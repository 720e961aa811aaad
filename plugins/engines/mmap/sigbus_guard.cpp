#include "sigbus_guard.hpp"

#include <csetjmp>
#include <csignal>
#include <cerrno>
#include <cstring>
#include <mutex>

namespace fio::mmap_engine {
namespace {

// Where the copying thread resumes when its copy faults; null outside a copy. Set
// before every copy, so the thread's TLS block exists before the handler reads it.
// volatile: only the signal handler reads it, so the compiler would otherwise drop
// the store made before the copy.
thread_local sigjmp_buf* volatile t_resume = nullptr;

std::mutex g_install_mutex;
int g_guards = 0;                   // guards alive; under g_install_mutex
struct sigaction g_previous {};     // the handler to restore and to pass others on to

void on_sigbus(int signal, siginfo_t* info, void* context) {
    if (sigjmp_buf* resume = t_resume) {
        t_resume = nullptr;
        siglongjmp(*resume, 1);
    }
    // Not raised by a guarded copy: the previous disposition decides.
    if ((g_previous.sa_flags & SA_SIGINFO) != 0 && g_previous.sa_sigaction != nullptr) {
        g_previous.sa_sigaction(signal, info, context);
        return;
    }
    if ((g_previous.sa_flags & SA_SIGINFO) == 0 && g_previous.sa_handler != SIG_DFL &&
        g_previous.sa_handler != SIG_IGN) {
        g_previous.sa_handler(signal);
        return;
    }
    // Default action: put it back; the faulting access runs again and ends the process.
    ::sigaction(SIGBUS, &g_previous, nullptr);
}

}  // namespace

SigbusGuard::SigbusGuard() {
    std::lock_guard lock(g_install_mutex);
    if (g_guards++ > 0) return;
    struct sigaction action {};
    action.sa_sigaction = on_sigbus;
    // NODEFER: the handler leaves by siglongjmp, which (without a saved mask) would
    // otherwise leave SIGBUS blocked in the thread.
    action.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGBUS, &action, &g_previous);
}

SigbusGuard::~SigbusGuard() {
    std::lock_guard lock(g_install_mutex);
    if (--g_guards > 0) return;
    ::sigaction(SIGBUS, &g_previous, nullptr);
}

int SigbusGuard::copy(void* to, const void* from, std::size_t length) noexcept {
    sigjmp_buf resume;
    // 0: no signal mask saved, so entering a copy costs no system call.
    if (sigsetjmp(resume, 0) != 0) return -EIO;  // t_resume was cleared by the handler
    t_resume = &resume;
    std::memcpy(to, from, length);
    t_resume = nullptr;
    return 0;
}

}  // namespace fio::mmap_engine

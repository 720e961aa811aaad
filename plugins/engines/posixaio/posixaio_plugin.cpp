// The posixaio engine plugin. Stock fio 3.33's posixaio has no options either.
#include "posixaio_engine.hpp"

#include <fio/sdk/plugin.hpp>

FIO_DECLARE_ENGINE_PLUGIN("posixaio", "1.0.0",
                          "POSIX asynchronous I/O (aio_read/aio_write/aio_fsync)",
                          ::fio::sdk::kPluginNoFlags, FIO_NO_OPTIONS,
                          ::fio::sdk::create_engine_or_report<::fio::engines::PosixAioEngine>);

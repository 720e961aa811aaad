// A shared library that is not a fio plugin: it exports a function but no entry symbol.
extern "C" __attribute__((visibility("default"))) int not_a_fio_plugin() { return 42; }

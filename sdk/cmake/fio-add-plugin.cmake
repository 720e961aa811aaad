# fio_add_plugin: builds one fio plugin, the same way in fio's own tree and out of tree.
#
#   fio_add_plugin(NAME <name> KIND <engine|output|transport>
#                  SOURCES <file>... [LIBRARIES <target or library>...]
#                  [DESTINATION <dir>] [NO_INSTALL])
#
# makes the MODULE library target fio-<kind>-<name>, whose file is fio-<kind>-<name>.so
# (the name the host looks for: ioengine=<name>, --output-format=<name>). It links fio::sdk
# (add fio::sdk-format to LIBRARIES for fio/sdk/format.hpp), hides every symbol but the
# plugin entry, and installs the module into DESTINATION: by default FIO_SDK_PLUGIN_DIR,
# the plugin folder of the fio installation this SDK came with, where that fio finds it
# without --plugin-dir. Packagers who install under their own prefix pass
# DESTINATION ${FIO_SDK_PLUGIN_INSTALL_DIR} (relative: lib/fio/plugins).
# The module lands in CMAKE_LIBRARY_OUTPUT_DIRECTORY when that is set (fio's own tree uses
# it to gather every plugin into one folder), else in the current binary folder.
# Every target made here is appended to the global property FIO_PLUGIN_TARGETS.
include_guard(GLOBAL)

function(fio_add_plugin)
  cmake_parse_arguments(PARSE_ARGV 0 arg "NO_INSTALL" "NAME;KIND;DESTINATION"
                        "SOURCES;LIBRARIES")
  set(usage "usage: fio_add_plugin(NAME <name> KIND <engine|output|transport> SOURCES <file>... [LIBRARIES ...] [DESTINATION <dir>] [NO_INSTALL])")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "fio_add_plugin: unexpected arguments '${arg_UNPARSED_ARGUMENTS}'; ${usage}")
  endif()
  if(NOT arg_NAME OR NOT arg_SOURCES)
    message(FATAL_ERROR "fio_add_plugin: NAME and SOURCES are required; ${usage}")
  endif()
  if(NOT arg_KIND MATCHES "^(engine|output|transport)$")
    message(FATAL_ERROR "fio_add_plugin(${arg_NAME}): KIND '${arg_KIND}' is not engine, output or transport")
  endif()

  set(target fio-${arg_KIND}-${arg_NAME})
  add_library(${target} MODULE ${arg_SOURCES})
  target_link_libraries(${target} PRIVATE fio::sdk ${arg_LIBRARIES})
  set_target_properties(${target} PROPERTIES
    PREFIX ""                       # fio-engine-x.so, not libfio-engine-x.so
    OUTPUT_NAME ${target}
    CXX_VISIBILITY_PRESET hidden    # only the entry symbol is exported (BOOST_DLL_ALIAS)
    VISIBILITY_INLINES_HIDDEN ON)

  if(NOT arg_NO_INSTALL)
    set(destination "${arg_DESTINATION}")
    if(NOT destination)
      set(destination "${FIO_SDK_PLUGIN_DIR}")
    endif()
    if(NOT destination)
      message(FATAL_ERROR "fio_add_plugin(${arg_NAME}): no DESTINATION and FIO_SDK_PLUGIN_DIR is not set")
    endif()
    install(TARGETS ${target} LIBRARY DESTINATION "${destination}")
  endif()
  set_property(GLOBAL APPEND PROPERTY FIO_PLUGIN_TARGETS ${target})
endfunction()

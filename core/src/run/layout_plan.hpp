// Where the layout options (file_append, fill_device, create_on_open, allow_file_create,
// allow_mounted_write, fallocate) change a job's region and how its files are prepared.
#pragma once

#include "jobs/job_spec.hpp"
#include "run/file_setup.hpp"
#include "run/thread_plan.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace fio::core {

// Sets plan.file_offset and plan.bytes_per_file when file_append or fill_device decide
// them (plan.paths must be set); false when the ordinary sizing applies. Throws
// RunSetupError for combinations that are not supported.
bool plan_layout_region(const JobSpec& job, ThreadPlan& plan);

// True when the job's region can only be sized once it starts: it gives no size, and
// its one file does not exist yet but an earlier job of the run (`earlier`) writes it,
// as a fill_device job does before a read-back job. Stock fio sizes such a job from the
// file it finds when it starts; the job thread does the same.
bool sized_when_started(const JobSpec& job, const std::vector<std::string>& paths,
                        const std::vector<ThreadPlan>& earlier);

// True when one of `paths` does not exist yet and an earlier job of the run (in
// `earlier`) writes it.
bool written_before(const JobSpec& job, const std::vector<std::string>& paths,
                    const std::vector<ThreadPlan>& earlier);

// What the jobs using one file ask of it, gathered over every plan that uses it.
struct FileUse {
    std::uint64_t bytes = 0;      // laid out up to here
    bool read = false;            // some job reads (or overwrite=1): the bytes must hold data
    bool sync = true;             // create_fsync of the first job laying it out
    bool lay_out = false;         // some job wants it prepared before it starts
    bool may_create = true;       // no job forbids creating it (allow_file_create=0)
    bool unguarded_write = false; // some job writes without allow_mounted_write
    Fallocate fallocate = Fallocate::native;
    const JobSpec* job = nullptr; // the first job using it, for messages
    const ThreadPlan* plan = nullptr;  // the first clone using it: the one that lays it out

    void add(const ThreadPlan& plan);
};

// True when preparing the file must make it longer (or create it): stock then says so
// in its "Laying out IO file" line. Block and character devices are never laid out.
bool needs_extension(const FileUse& use, const FileFacts& facts);

// The files one clone has to extend, announced as stock does before laying them out.
struct LayoutAnnouncement {
    std::size_t files = 0;
    std::uint64_t bytes = 0;  // the sum of the sizes the files are laid out to
    bool told = false;

    // "x: Laying out IO file (1 file / 64MiB)", "x: Laying out IO files (2 files /
    // total 128MiB)".
    std::string line(const std::string& job_name) const;
};

// Creates and lays out `path` as `use` asks, or refuses. Throws FileSetupError.
void prepare_file(const std::string& path, const FileUse& use, const FileFacts& facts);

}  // namespace fio::core

// Stock fio's built-in profiles (--profile=tiobench, --profile=act): each one turns a few
// options of its own into a set of ordinary job descriptions, which then run through
// the normal job pipeline. act also counts every I/O's latency into hourly slices and
// prints its pass/fail table at the end of the run (profiles/act_report.hpp).
#pragma once

#include "jobs/raw_job.hpp"

#include <cstdint>
#include <map>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace fio::core {

// A bad --profile name or profile option value; what() is one line.
class ProfileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ProfileOption {
    const char* name;
    const char* help;
};

// A profile option's value as given: name -> text ("" for a bare --prep).
using ProfileValues = std::map<std::string, std::string>;

// What a profile generates: the job options in stock's command-line order
// ("name=X" starts a job; those before the first name are the profile's globals), and,
// for act, how many hourly latency slices its report has (0: no report).
struct ProfileJobLines {
    std::vector<std::string> lines;
    std::uint32_t latency_slices = 0;
    bool latencies_counted = true;  // act --prep: the table is printed, empty
};

struct Profile {
    const char* name;
    std::span<const ProfileOption> options;
    // Throws ProfileError for a bad or missing value.
    ProfileJobLines (*generate)(const ProfileValues& values);

    bool has_option(std::string_view option) const;
};

const Profile& tiobench_profile();
const Profile& act_profile();

// Throws ProfileError ("profile 'NAME' not found", as stock says it).
const Profile& find_profile(std::string_view name);

// The run of `--profile=NAME`: the profile's options are taken out of the command
// line's sections (`sections[0, command_line_sections)`; tiobench's `size` only from
// the globals, where it would otherwise be the job option), and its jobs appended after
// every other job, as stock orders them. Throws ProfileError.
ProfileJobLines add_profile_jobs(const Profile& profile, std::vector<RawSection>& sections,
                                 std::size_t command_line_sections);

// `fio --profile=NAME --cmdhelp`: "name : help" per option, as stock lists them.
std::string render_profile_help(const Profile& profile);

}  // namespace fio::core

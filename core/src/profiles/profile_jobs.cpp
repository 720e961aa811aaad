#include "profiles/profile.hpp"

#include "jobs/value_expansion.hpp"
#include "options/value_parsers.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace fio::core {

bool Profile::has_option(std::string_view option) const {
    return std::any_of(options.begin(), options.end(),
                       [&](const ProfileOption& o) { return option == o.name; });
}

const Profile& find_profile(std::string_view name) {
    for (const Profile* profile : {&tiobench_profile(), &act_profile()}) {
        if (name == profile->name) return *profile;
    }
    throw ProfileError(fmt::format("profile '{}' not found (tiobench or act)", name));
}

std::string render_profile_help(const Profile& profile) {
    std::string text;
    for (const ProfileOption& option : profile.options) {
        text += fmt::format("{:<24}: {}\n", option.name, option.help);
    }
    return text;
}

namespace {

// Takes the profile's options out of the command line's sections; the last one given wins.
ProfileValues take_profile_values(const Profile& profile, std::vector<RawSection>& sections,
                                  std::size_t command_line_sections) {
    ProfileValues values;
    for (std::size_t i = 0; i < command_line_sections && i < sections.size(); ++i) {
        auto& options = sections[i].options;
        const auto is_profiles = [&](const LocatedOption& option) {
            if (!profile.has_option(option.name)) return false;
            // A job's own size= stays the job's: the profile's size is a global one.
            return option.name != "size" || i == 0;
        };
        for (const LocatedOption& option : options) {
            if (is_profiles(option)) values[option.name] = option.value;
        }
        options.erase(std::remove_if(options.begin(), options.end(), is_profiles), options.end());
    }
    return values;
}

// Stock's reading of a profile's option list: "name=X" starts a job section, the
// options before the first name form the profile's own global section.
std::vector<RawSection> sections_of(const Profile& profile, const std::vector<std::string>& lines) {
    const SourceLocation where{fmt::format("--profile={}", profile.name), 0};
    std::vector<RawSection> sections{{"global", where, {}}};
    for (const std::string& line : lines) {
        const std::size_t equals = line.find('=');
        const std::string name = line.substr(0, equals);
        const std::string value = equals == std::string::npos ? "" : line.substr(equals + 1);
        if (name == "name") {
            sections.push_back({value, where, {}});
            continue;
        }
        try {
            sections.back().options.push_back({name, expand_value(value), where});
        } catch (const ValueError& e) {
            throw ProfileError(fmt::format("--profile={}: {}", profile.name, e.what()));
        }
    }
    return sections;
}

}  // namespace

ProfileJobLines add_profile_jobs(const Profile& profile, std::vector<RawSection>& sections,
                                 std::size_t command_line_sections) {
    const ProfileValues values = take_profile_values(profile, sections, command_line_sections);
    ProfileJobLines jobs = profile.generate(values);
    std::vector<RawSection> generated = sections_of(profile, jobs.lines);
    sections.insert(sections.end(), std::make_move_iterator(generated.begin()),
                    std::make_move_iterator(generated.end()));
    return jobs;
}

}  // namespace fio::core

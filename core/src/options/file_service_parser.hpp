// file_service_type=: which file of the job the next I/O goes to (meanings in
// workload/file_chooser.hpp).
//
//   roundrobin[:N]     each file in turn, N I/Os each (default 1)
//   random[:N]         a file drawn uniformly, N I/Os each (default 1)
//   sequential         each file until its pass is done, then the next (a :N is ignored,
//                      as in stock)
//   zipf[:THETA[:CENTER]]   a file drawn by the distribution (defaults: theta 1.1,
//   pareto[:H[:CENTER]]     h 0.2, deviation 0), its values checked as in
//   normal[:DEV[:CENTER]]   random_distribution=; gauss is another name for normal
// N = 0 means until the file's pass is done, as stock fio 3.33 does.
//
// Checked against stock fio 3.33 (--parse-only): zipf:1, pareto:0, pareto:1, normal:100,
// normal:-1, a center outside 0..1, an unknown type and upper case are errors there too.
// Deliberate differences, where stock reads a number it cannot mean (atoi): roundrobin:2x,
// random:abc, random:-1 and random:1.5 are rejected, as are zipf:0 and zipf:-1 (see
// options/distribution_parser.hpp).
#pragma once

#include "jobs/file_service_spec.hpp"

#include <string_view>

namespace fio::core {

// Throws ValueError naming the text.
FileServiceSpec parse_file_service_type(std::string_view text);

}  // namespace fio::core

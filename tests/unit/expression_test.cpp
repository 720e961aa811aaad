// Stock fio 3.33 as Debian builds it has no CONFIG_ARITHMETIC: every parenthesised
// expression below fails to parse there (checked with `fio --parse-only --debug=parse`),
// so those expected values follow the HOWTO. Its keyword arithmetic (bc, after a
// $keyword was substituted) is what the plain-form cases were checked against.
#include "options/expression.hpp"
#include "options/option_value.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

namespace fio::core {
namespace {

constexpr std::int64_t KiB = 1024;
constexpr std::int64_t MiB = KiB * 1024;
constexpr std::int64_t kNsPerUs = 1'000;
constexpr std::int64_t kNsPerMs = 1'000'000;
constexpr std::int64_t kNsPerS = 1'000'000'000;

const ExpressionUnits kNumber{Quantity::number};
const ExpressionUnits kSize{Quantity::size, 1024};
const ExpressionUnits kSize1000{Quantity::size, 1000};
const ExpressionUnits kSeconds{Quantity::time, 1024, TimeUnit::s};
const ExpressionUnits kMicroseconds{Quantity::time, 1024, TimeUnit::us};

std::int64_t number(const std::string& text) { return evaluate_if_expression(text, kNumber).value(); }
std::int64_t size(const std::string& text) { return evaluate_if_expression(text, kSize).value(); }
std::int64_t seconds(const std::string& text) {
    return evaluate_if_expression(text, kSeconds).value();
}

// The ValueError message for `text` ("" when it evaluates or is no expression).
std::string error_of(const std::string& text, const ExpressionUnits& units) {
    try {
        evaluate_if_expression(text, units);
    } catch (const ValueError& e) {
        return e.what();
    }
    return "";
}

#define EXPECT_EXPRESSION_ERROR(text, units, reason)                                      \
    do {                                                                                  \
        const std::string message = error_of(text, units);                                \
        EXPECT_NE(message.find(std::string("'") + (text) + "' is not a valid expression"), \
                  std::string::npos)                                                      \
            << "message: '" << message << "'";                                            \
        EXPECT_NE(message.find(reason), std::string::npos) << message;                    \
    } while (0)

// --- what is and is not an expression --------------------------------------------------

TEST(EvaluateIfExpression, PlainValuesPassThroughUntouched) {
    for (const char* text : {"4k", "-5", "+5", "5", "50%", "0x10", "1.5", "", "  ", "-", "1-",
                             "4k-8k", "10s", "2*4k", "5 5"}) {
        EXPECT_EQ(evaluate_if_expression(text, kSize), std::nullopt) << text;
        EXPECT_EQ(evaluate_if_expression(text, kNumber), std::nullopt) << text;
    }
}

// --- the plain form: what keyword substitution produces --------------------------------

TEST(EvaluateIfExpression, PlainArithmeticAsAfterKeywordSubstitution) {
    // Stock fio pipes these through bc once a keyword was substituted:
    // size=3*$pagesize is 12288, size=$pagesize/3 is 1365, size=($ncpus+1)*1000 is
    // 3000 and size=-$ncpus+10 is 8 with 2 CPUs, size=2*$pagesize*1.5 is 12288.
    EXPECT_EQ(size("3*4096"), 12288);
    EXPECT_EQ(size("4096/3"), 1365);
    EXPECT_EQ(size("(2+1)*1000"), 3000);
    EXPECT_EQ(size("-2+10"), 8);
    EXPECT_EQ(size("2*4096*1.5"), 12288);
    // HOWTO's example, size=8*$mb_memory: bc's result is bytes there too.
    EXPECT_EQ(size("8*24105"), 192840);
    // Stock fio reads size=2*48210 (no keyword) as 2, ignoring "*48210"; we evaluate it.
    EXPECT_EQ(size("2*48210"), 96420);
    // Stock fio only calls bc for + - * /, so size=2^$ncpus is 2 there; we evaluate ^.
    EXPECT_EQ(size(" 2 ^ 2 "), 4);
    // runtime=2*$ncpus is 4 s in stock fio: a unit-less result is in the option's unit.
    EXPECT_EQ(seconds("2*2"), 4 * kNsPerS);
}

// --- the parenthesised form ------------------------------------------------------------

TEST(EvaluateIfExpression, Operators) {
    EXPECT_EQ(number("(1+2)"), 3);
    EXPECT_EQ(number("( 1 + 2 )"), 3);
    EXPECT_EQ(number("(10-4-3)"), 3);    // left to right
    EXPECT_EQ(number("(100/10/5)"), 2);  // left to right
    EXPECT_EQ(number("(10/3)"), 3);      // whole numbers divide as C and bc do
    EXPECT_EQ(number("(-7/2)"), -3);     // toward zero
    EXPECT_EQ(number("(7%4)"), 3);
    EXPECT_EQ(number("(-7%4)"), -3);
    EXPECT_EQ(number("(2^10)"), 1024);
    EXPECT_EQ(number("(2^0)"), 1);
    EXPECT_EQ(number("((1+2)*3)"), 9);
    EXPECT_EQ(number("(-1+3)"), 2);
    EXPECT_EQ(number("(--3)"), 3);
    EXPECT_EQ(number("(+3)"), 3);
    EXPECT_EQ(number("(1+2)*3"), 9);  // the parentheses need not enclose everything
    EXPECT_EQ(number("(-9223372036854775807-1)"), std::numeric_limits<std::int64_t>::min());
}

TEST(EvaluateIfExpression, Precedence) {
    EXPECT_EQ(number("(2+3*4)"), 14);
    EXPECT_EQ(number("(2*3^2)"), 18);
    EXPECT_EQ(number("(2^3^2)"), 512);  // ^ is right-associative
    EXPECT_EQ(number("(2*7%4)"), 2);    // * / % are one level, left to right
    EXPECT_EQ(number("(-2^2)"), 4);     // unary minus binds tighter, as in bc
    EXPECT_EQ(number("(2^-1*4)"), 2);
}

TEST(EvaluateIfExpression, FractionsTurnToFloatingPointAndTruncateAtTheEnd) {
    EXPECT_EQ(number("(1.5*2)"), 3);
    EXPECT_EQ(number("(7.0/2*2)"), 7);
    EXPECT_EQ(number("(7/2*2)"), 6);  // whole division first
    EXPECT_EQ(number("(2.5^2)"), 6);  // 6.25
    EXPECT_EQ(number("(2^-1)"), 0);   // 0.5
    EXPECT_EQ(number("(0-2.5)"), -2);  // toward zero
    EXPECT_EQ(size("(1.5)"), 1);
}

TEST(EvaluateIfExpression, SizeUnitsFollowKbBase) {
    EXPECT_EQ(size("(1+2)*1m"), 3 * MiB);
    EXPECT_EQ(size("(4*1k)"), 4 * KiB);
    EXPECT_EQ(size("(1+2)k"), 3 * KiB);   // a unit after a group
    EXPECT_EQ(size("(1+2) k"), 3 * KiB);
    EXPECT_EQ(size("(1k+1)"), KiB + 1);
    EXPECT_EQ(size("(1+2k)"), 2 * KiB + 1);  // a unit belongs to its own number
    EXPECT_EQ(size("(10/2k)"), 0);
    EXPECT_EQ(size("(1.5k)"), 1536);
    EXPECT_EQ(size("(1.5*1k)"), 1536);
    EXPECT_EQ(size("(0x10*2)"), 32);
    EXPECT_EQ(size("(2kib)"), 2000);  // kb_base=1024 reads kib as 1000, as outside
    EXPECT_EQ(size("(1g/4k)"), 262144);
    EXPECT_EQ(evaluate_if_expression("(1k)", kSize1000), 1000);
    EXPECT_EQ(evaluate_if_expression("(1kib)", kSize1000), 1024);
    EXPECT_EQ(evaluate_if_expression("(2)k", kSize1000), 2000);
}

TEST(EvaluateIfExpression, TimesWithUnitsCountInMicroseconds) {
    // HOWTO: "For time values in expressions, units are microseconds by default."
    EXPECT_EQ(seconds("(1s+500)"), kNsPerS + 500 * kNsPerUs);
    EXPECT_EQ(seconds("(1m+30s)"), 90 * kNsPerS);  // m is minutes in a time
    EXPECT_EQ(seconds("(2*1s)"), 2 * kNsPerS);
    EXPECT_EQ(seconds("(1500ms)"), 1500 * kNsPerMs);
    EXPECT_EQ(seconds("(1+1)s"), 2 * kNsPerS);
    EXPECT_EQ(seconds("(1h)"), 3600 * kNsPerS);
    EXPECT_EQ(seconds("(1ns)"), 1);
    EXPECT_EQ(seconds("(1ns+1ns)"), 2);
}

TEST(EvaluateIfExpression, TimesWithoutUnitsAreInTheOptionsUnit) {
    EXPECT_EQ(seconds("(10+5)"), 15 * kNsPerS);
    EXPECT_EQ(seconds("(1.5)"), 1500 * kNsPerMs);
    EXPECT_EQ(evaluate_if_expression("(10)", kMicroseconds), 10 * kNsPerUs);
    EXPECT_EQ(evaluate_if_expression("(10+1ms)", kMicroseconds), 1010 * kNsPerUs);
}

TEST(EvaluateIfExpression, PlainNumbersTakeNoUnits) {
    EXPECT_EQ(number("(0x10+1)"), 17);
    EXPECT_EXPRESSION_ERROR("(2)k", kNumber, "a plain number takes no unit ('k')");
    EXPECT_EXPRESSION_ERROR("(4k)", kNumber, "'4k' is not an integer");
}

// --- rejections ------------------------------------------------------------------------

TEST(EvaluateIfExpression, MalformedExpressions) {
    EXPECT_EXPRESSION_ERROR("(1+", kNumber, "it ends where a number should be");
    EXPECT_EXPRESSION_ERROR("(1+2", kNumber, "missing ')'");
    EXPECT_EXPRESSION_ERROR("()", kNumber, "expected a number at ')'");
    EXPECT_EXPRESSION_ERROR("(1 2)", kNumber, "missing ')'");
    EXPECT_EXPRESSION_ERROR("(1+2))", kNumber, "unexpected ')'");
    EXPECT_EXPRESSION_ERROR("(1+2)x3", kSize, "unknown unit 'x'");
    EXPECT_EXPRESSION_ERROR("(4q)", kSize, "'4q' is not a size: unknown unit 'q'");
    EXPECT_EXPRESSION_ERROR("(10parsecs)", kSeconds, "'10parsecs' is not a time");
    EXPECT_EXPRESSION_ERROR("(1..2)", kNumber, "'1..2' is not a number");
    EXPECT_EXPRESSION_ERROR("(1.)", kNumber, "'1.' is not a number");
    EXPECT_EXPRESSION_ERROR("(.5)", kNumber, "expected a number at '.5)'");
    EXPECT_EXPRESSION_ERROR("2*3+", kNumber, "it ends where a number should be");
}

TEST(EvaluateIfExpression, ArithmeticErrors) {
    EXPECT_EXPRESSION_ERROR("(10/0)", kNumber, "division by zero");
    EXPECT_EXPRESSION_ERROR("(10/0.0)", kNumber, "division by zero");
    EXPECT_EXPRESSION_ERROR("(10%0)", kNumber, "division by zero");
    EXPECT_EXPRESSION_ERROR("(0^-1)", kNumber, "division by zero");
    EXPECT_EXPRESSION_ERROR("4096/0", kSize, "division by zero");  // stock: bc's error
    EXPECT_EXPRESSION_ERROR("(1.5%2)", kNumber, "'%' needs whole numbers");
    EXPECT_EXPRESSION_ERROR("(2^63)", kNumber, "too large");
    EXPECT_EXPRESSION_ERROR("(9223372036854775807+1)", kNumber, "too large");
    EXPECT_EXPRESSION_ERROR("(-(-9223372036854775807-1))", kNumber, "too large");
    EXPECT_EXPRESSION_ERROR("(99999999999999999999)", kNumber, "too large");
    EXPECT_EXPRESSION_ERROR("(16e)", kSize, "larger than 2^64-1");
    EXPECT_EXPRESSION_ERROR("(8e)", kSize, "'8e' is too large");
    EXPECT_EXPRESSION_ERROR("(2.0^70)", kNumber, "out of range");
    EXPECT_EXPRESSION_ERROR("(200000d)", kSeconds, "too large");
}

TEST(EvaluateIfExpression, NegativeSizesAndTimesAreRejected) {
    EXPECT_EQ(number("(1-2)"), -1);
    EXPECT_EXPRESSION_ERROR("(1-2)", kSize, "a size cannot be negative");
    EXPECT_EXPRESSION_ERROR("2-10", kSize, "a size cannot be negative");
    EXPECT_EXPRESSION_ERROR("(1s-2s)", kSeconds, "a time cannot be negative");
}

TEST(EvaluateIfExpression, NestingIsBounded) {
    const std::string deep = std::string(64, '(') + "1" + std::string(64, ')');
    EXPECT_EQ(number(deep), 1);
    const std::string too_deep = std::string(65, '(') + "1" + std::string(65, ')');
    EXPECT_EXPRESSION_ERROR(too_deep, kNumber, "nested more than 64 deep");
    const std::string signs = "(" + std::string(100000, '-') + "1)";
    EXPECT_EXPRESSION_ERROR(signs, kNumber, "nested more than 64 deep");
}

TEST(EvaluateIfExpression, KbBaseIsChecked) {
    EXPECT_THROW(evaluate_if_expression("(1)", ExpressionUnits{Quantity::size, 512}), ValueError);
}

// --- the "value or expression" parsers -------------------------------------------------

TEST(OrExpression, FallBackToThePlainParsers) {
    EXPECT_EQ(parse_size_or_expression("4k", 1024), 4096u);
    EXPECT_EQ(parse_size_or_expression("(1+1)k", 1024), 2048u);
    EXPECT_EQ(parse_size_or_expression("4k", 1000), 4000u);
    EXPECT_THROW(parse_size_or_expression("2*4k", 1024), ValueError);  // stock: 2
    EXPECT_EQ(parse_time_or_expression("10", TimeUnit::s), 10u * kNsPerS);
    EXPECT_EQ(parse_time_or_expression("(1+1)", TimeUnit::ms), 2u * kNsPerMs);
    EXPECT_EQ(parse_integer_or_expression("-5"), -5);
    EXPECT_EQ(parse_integer_or_expression("(2^20)"), 1 << 20);
    EXPECT_EQ(parse_percentage_or_expression("50%"), 50.0);
    EXPECT_EQ(parse_percentage_or_expression("(100/3)"), 33.0);
    EXPECT_THROW(parse_percentage_or_expression("(50*3)"), ValueError);
    EXPECT_THROW(parse_percentage_or_expression("(0-1)"), ValueError);
}

TEST(FindOutsideParentheses, SkipsParenthesisedText) {
    EXPECT_EQ(find_outside_parentheses("(8-4)k-16k", "-"), 6u);
    EXPECT_EQ(find_outside_parentheses("1k-4k", "-:"), 2u);
    EXPECT_EQ(find_outside_parentheses("1k:4k", "-:"), 2u);
    EXPECT_EQ(find_outside_parentheses("(1-2)", "-"), std::string_view::npos);
    EXPECT_EQ(find_outside_parentheses("((1-2)-3)-4", "-"), 9u);
    EXPECT_EQ(find_outside_parentheses("4k/50", "-"), std::string_view::npos);
}

// --- the option parser uses them -------------------------------------------------------

TEST(OptionValueExpressions, EveryNumericTypeAcceptsExpressions) {
    const sdk::OptionSpec size_spec{"size", nullptr, sdk::OptionType::size, nullptr, 1,
                                    sdk::kNoMax, nullptr, "", "", nullptr};
    EXPECT_EQ(parse_option_value(size_spec, "(1+2)*1m", 1024).integer, 3 * MiB);
    EXPECT_EQ(parse_option_value(size_spec, "8*24105", 1024).integer, 192840);
    EXPECT_EQ(parse_option_value(size_spec, "(1k)", 1000).integer, 1000);

    const sdk::OptionSpec time_spec{"runtime", nullptr, sdk::OptionType::time, nullptr, 0,
                                    sdk::kNoMax, nullptr, "", "", "s"};
    EXPECT_EQ(parse_option_value(time_spec, "(1m+30s)", 1024).integer, 90 * kNsPerS);
    EXPECT_EQ(parse_option_value(time_spec, "2*2", 1024).integer, 4 * kNsPerS);

    const sdk::OptionSpec depth_spec{"iodepth", nullptr, sdk::OptionType::integer, "1", 1,
                                     65536, nullptr, "", "", nullptr};
    EXPECT_EQ(parse_option_value(depth_spec, "(2^4)", 1024).integer, 16);

    const sdk::OptionSpec mix_spec{"rwmixread", nullptr, sdk::OptionType::percentage, "50", 0,
                                   100, nullptr, "", "", nullptr};
    EXPECT_EQ(parse_option_value(mix_spec, "(100/4)", 1024).integer, 25);
}

TEST(OptionValueExpressions, TheOptionsRangeStillApplies) {
    const sdk::OptionSpec depth_spec{"iodepth", nullptr, sdk::OptionType::integer, "1", 1,
                                     65536, nullptr, "", "", nullptr};
    EXPECT_THROW(parse_option_value(depth_spec, "(2^17)", 1024), ValueError);
    EXPECT_THROW(parse_option_value(depth_spec, "(1-1)", 1024), ValueError);
    const sdk::OptionSpec size_spec{"size", nullptr, sdk::OptionType::size, nullptr, 1,
                                    sdk::kNoMax, nullptr, "", "", nullptr};
    EXPECT_THROW(parse_option_value(size_spec, "(1-1)", 1024), ValueError);
    EXPECT_THROW(parse_option_value(size_spec, "(1/0)", 1024), ValueError);
}

}  // namespace
}  // namespace fio::core

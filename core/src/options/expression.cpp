#include "options/expression.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <string>

namespace fio::core {
namespace {

constexpr std::int64_t kMaxInt64 = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMinInt64 = std::numeric_limits<std::int64_t>::min();

// Parentheses and chains of signs recurse; a bound keeps hostile input from
// exhausting the stack.
constexpr int kMaxNesting = 64;

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_letter(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }
bool is_operator(char c) noexcept {
    return c == '+' || c == '-' || c == '*' || c == '/' || c == '%' || c == '^';
}

// Only decimal numbers, blanks, parentheses and operators, with at least one operator
// between two operands: "8*24105" but not "-5", "50%" or "4k".
bool is_plain_arithmetic(std::string_view s) noexcept {
    constexpr std::string_view kAllowed = "0123456789.+-*/%^() \t";
    if (s.find_first_not_of(kAllowed) != std::string_view::npos) return false;
    char previous = '\0';  // the last non-blank character
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (is_blank(s[i])) continue;
        const bool follows_operand = is_digit(previous) || previous == ')';
        if (is_operator(s[i]) && follows_operand &&
            s.find_first_not_of(" \t", i + 1) != std::string_view::npos) {
            return true;
        }
        previous = s[i];
    }
    return false;
}

// A whole number stays exact; a fraction anywhere turns the arithmetic to floating point.
struct Number {
    bool is_real = false;
    std::int64_t whole = 0;
    long double real = 0;

    long double as_real() const noexcept { return is_real ? real : static_cast<long double>(whole); }
};

Number whole_number(std::int64_t value) { return Number{false, value, 0}; }
Number real_number(long double value) { return Number{true, 0, value}; }

// Recursive descent over the grammar in expression.hpp:
//   sum      = product { ("+" | "-") product }
//   product  = power { ("*" | "/" | "%") power }
//   power    = signed [ "^" power ]
//   signed   = ("-" | "+") signed | operand [ UNIT ]
//   operand  = "(" sum ")" | NUMBER
class Evaluator {
public:
    Evaluator(std::string_view text, const ExpressionUnits& units)
        : text_(text), rest_(text), units_(units) {}

    std::int64_t evaluate() {
        const Number value = sum();
        skip_blanks();
        if (!rest_.empty()) fail(fmt::format("unexpected '{}'", rest_));
        return in_result_unit(value);
    }

private:
    [[noreturn]] void fail(std::string_view reason) const {
        throw ValueError(fmt::format("'{}' is not a valid expression: {}", text_, reason));
    }

    void skip_blanks() {
        while (!rest_.empty() && is_blank(rest_.front())) rest_.remove_prefix(1);
    }

    // Consumes `c` (after blanks) when it comes next.
    bool accept(char c) {
        skip_blanks();
        if (rest_.empty() || rest_.front() != c) return false;
        rest_.remove_prefix(1);
        return true;
    }

    void enter() {
        if (++depth_ > kMaxNesting) fail(fmt::format("nested more than {} deep", kMaxNesting));
    }

    Number sum() {
        Number value = product();
        while (true) {
            if (accept('+')) {
                value = add(value, product());
            } else if (accept('-')) {
                value = subtract(value, product());
            } else {
                return value;
            }
        }
    }

    Number product() {
        Number value = power();
        while (true) {
            if (accept('*')) {
                value = multiply(value, power());
            } else if (accept('/')) {
                value = divide(value, power());
            } else if (accept('%')) {
                value = modulo(value, power());
            } else {
                return value;
            }
        }
    }

    Number power() {
        const Number base = signed_operand();
        if (!accept('^')) return base;
        enter();
        const Number exponent = power();
        --depth_;
        return raise(base, exponent);
    }

    Number signed_operand() {
        if (accept('-')) {
            enter();
            const Number value = signed_operand();
            --depth_;
            return negate(value);
        }
        if (accept('+')) {
            enter();
            const Number value = signed_operand();
            --depth_;
            return value;
        }
        const Number value = operand();
        skip_blanks();
        if (!rest_.empty() && is_letter(rest_.front())) return with_unit(value);
        return value;
    }

    Number operand() {
        if (accept('(')) {
            enter();
            const Number value = sum();
            --depth_;
            if (!accept(')')) fail("missing ')'");
            return value;
        }
        skip_blanks();
        if (rest_.empty()) fail("it ends where a number should be");
        if (!is_digit(rest_.front())) fail(fmt::format("expected a number at '{}'", rest_));
        return number();
    }

    // A number token runs over digits, letters and dots: "12", "1.5", "0x1f", "4k", "10ms".
    Number number() {
        std::size_t length = 0;
        while (length < rest_.size() &&
               (is_digit(rest_[length]) || is_letter(rest_[length]) || rest_[length] == '.')) {
            ++length;
        }
        const std::string_view token = rest_.substr(0, length);
        rest_.remove_prefix(length);
        if (token.find_first_not_of("0123456789.") == std::string_view::npos) {
            return plain_number(token);
        }
        return number_with_unit(token);
    }

    // DIGITS [ "." DIGITS ]: no unit, whatever the quantity.
    Number plain_number(std::string_view token) const {
        const auto dot = token.find('.');
        if (dot != std::string_view::npos &&
            (dot + 1 == token.size() || token.find('.', dot + 1) != std::string_view::npos)) {
            fail(fmt::format("'{}' is not a number", token));
        }
        const char* const end = token.data() + token.size();
        if (dot == std::string_view::npos) {
            std::int64_t value = 0;
            const auto result = std::from_chars(token.data(), end, value);
            if (result.ec == std::errc::result_out_of_range) {
                fail(fmt::format("'{}' is too large", token));
            }
            return whole_number(value);
        }
        long double value = 0;
        std::from_chars(token.data(), end, value);
        return real_number(value);
    }

    // A token with letters: what it means is the plain parser's business ("0x10" for
    // any quantity, "4k" for sizes, "10ms" for times).
    Number number_with_unit(std::string_view token) {
        if (units_.quantity == Quantity::size) return bytes(token);
        if (units_.quantity == Quantity::time) return microseconds(token);
        try {
            return whole_number(parse_integer(token));
        } catch (const ValueError& error) {
            fail(error.what());
        }
    }

    // A unit after a number or group: "(1+2)k", "(1+1)s", worth what "1<unit>" is.
    Number with_unit(const Number& value) {
        std::size_t length = 0;
        while (length < rest_.size() && is_letter(rest_[length])) ++length;
        const std::string unit(rest_.substr(0, length));
        rest_.remove_prefix(length);
        if (units_.quantity == Quantity::number) {
            fail(fmt::format("a plain number takes no unit ('{}')", unit));
        }
        const std::string one_unit = "1" + unit;
        return multiply(value, units_.quantity == Quantity::size ? bytes(one_unit)
                                                                 : microseconds(one_unit));
    }

    Number bytes(std::string_view token) const {
        std::uint64_t value = 0;
        try {
            value = parse_size(token, units_.kb_base);
        } catch (const ValueError& error) {
            fail(error.what());
        }
        if (value > static_cast<std::uint64_t>(kMaxInt64)) {
            fail(fmt::format("'{}' is too large", token));
        }
        return whole_number(static_cast<std::int64_t>(value));
    }

    // Time units inside an expression make it count in microseconds (HOWTO), kept
    // exact when whole: "1ns" is 0.001.
    Number microseconds(std::string_view token) {
        std::uint64_t nanoseconds = 0;
        try {
            nanoseconds = parse_time_ns(token, TimeUnit::us);
        } catch (const ValueError& error) {
            fail(error.what());
        }
        has_time_unit_ = true;
        if (nanoseconds % 1'000 == 0) {
            return whole_number(static_cast<std::int64_t>(nanoseconds / 1'000));
        }
        return real_number(static_cast<long double>(nanoseconds) / 1'000);
    }

    Number add(const Number& a, const Number& b) const {
        if (a.is_real || b.is_real) return real_number(a.as_real() + b.as_real());
        std::int64_t result = 0;
        if (__builtin_add_overflow(a.whole, b.whole, &result)) fail("the result is too large");
        return whole_number(result);
    }

    Number subtract(const Number& a, const Number& b) const {
        if (a.is_real || b.is_real) return real_number(a.as_real() - b.as_real());
        std::int64_t result = 0;
        if (__builtin_sub_overflow(a.whole, b.whole, &result)) fail("the result is too large");
        return whole_number(result);
    }

    Number multiply(const Number& a, const Number& b) const {
        if (a.is_real || b.is_real) return real_number(a.as_real() * b.as_real());
        std::int64_t result = 0;
        if (__builtin_mul_overflow(a.whole, b.whole, &result)) fail("the result is too large");
        return whole_number(result);
    }

    Number divide(const Number& a, const Number& b) const {
        if (b.as_real() == 0) fail("division by zero");
        if (a.is_real || b.is_real) return real_number(a.as_real() / b.as_real());
        if (a.whole == kMinInt64 && b.whole == -1) fail("the result is too large");
        return whole_number(a.whole / b.whole);  // truncates toward zero, as C and bc do
    }

    Number modulo(const Number& a, const Number& b) const {
        if (a.is_real || b.is_real) fail("'%' needs whole numbers");
        if (b.whole == 0) fail("division by zero");
        if (b.whole == -1) return whole_number(0);  // kMinInt64 % -1 would trap
        return whole_number(a.whole % b.whole);
    }

    Number negate(const Number& value) const {
        if (value.is_real) return real_number(-value.real);
        if (value.whole == kMinInt64) fail("the result is too large");
        return whole_number(-value.whole);
    }

    Number raise(const Number& base, const Number& exponent) const {
        if (base.as_real() == 0 && exponent.as_real() < 0) fail("division by zero");
        if (base.is_real || exponent.is_real || exponent.whole < 0) {
            return real_number(std::pow(base.as_real(), exponent.as_real()));
        }
        // Square and multiply: a squaring overflows only when the result would.
        Number result = whole_number(1);
        Number square = base;
        for (std::int64_t bits = exponent.whole; bits > 0;) {
            if (bits & 1) result = multiply(result, square);
            bits >>= 1;
            if (bits > 0) square = multiply(square, square);
        }
        return result;
    }

    // The final value in the result's unit, truncated toward zero; a time is rounded
    // to the nearest nanosecond instead, so that microsecond fractions such as 0.001
    // (1 ns), which binary floating point cannot hold exactly, come back whole.
    std::int64_t in_result_unit(Number value) const {
        if (units_.quantity == Quantity::time) {
            const std::uint64_t scale =
                has_time_unit_ ? 1'000 : nanoseconds_per(units_.default_time_unit);
            value = multiply(value, whole_number(static_cast<std::int64_t>(scale)));
        }
        std::int64_t result = value.whole;
        if (value.is_real) {
            // 2^63 is exact in long double; anything at or beyond it does not fit.
            constexpr long double kLimit = 9223372036854775808.0L;
            if (!std::isfinite(value.real) || value.real >= kLimit || value.real < -kLimit) {
                fail("the result is out of range");
            }
            result = static_cast<std::int64_t>(units_.quantity == Quantity::time
                                                   ? std::round(value.real)
                                                   : std::trunc(value.real));
        }
        if (result < 0 && units_.quantity == Quantity::size) fail("a size cannot be negative");
        if (result < 0 && units_.quantity == Quantity::time) fail("a time cannot be negative");
        return result;
    }

    std::string_view text_;
    std::string_view rest_;
    const ExpressionUnits& units_;
    bool has_time_unit_ = false;
    int depth_ = 0;
};

}  // namespace

std::optional<std::int64_t> evaluate_if_expression(std::string_view text,
                                                   const ExpressionUnits& units) {
    const std::string_view trimmed = trim_blanks(text);
    const bool parenthesised = !trimmed.empty() && trimmed.front() == '(';
    if (!parenthesised && !is_plain_arithmetic(trimmed)) return std::nullopt;
    if (units.quantity == Quantity::size && units.kb_base != 1000 && units.kb_base != 1024) {
        throw ValueError(fmt::format("kb_base must be 1000 or 1024, not {}", units.kb_base));
    }
    return Evaluator(trimmed, units).evaluate();
}

std::int64_t parse_integer_or_expression(std::string_view text) {
    if (const auto value = evaluate_if_expression(text, {Quantity::number})) return *value;
    return parse_integer(text);
}

std::uint64_t parse_size_or_expression(std::string_view text, unsigned kb_base) {
    if (const auto value = evaluate_if_expression(text, {Quantity::size, kb_base})) {
        return static_cast<std::uint64_t>(*value);  // never negative: checked above
    }
    return parse_size(text, kb_base);
}

std::uint64_t parse_time_or_expression(std::string_view text, TimeUnit default_unit) {
    if (const auto value = evaluate_if_expression(text, {Quantity::time, 1024, default_unit})) {
        return static_cast<std::uint64_t>(*value);  // never negative: checked above
    }
    return parse_time_ns(text, default_unit);
}

double parse_percentage_or_expression(std::string_view text) {
    if (const auto value = evaluate_if_expression(text, {Quantity::number})) {
        if (*value < 0 || *value > 100) {
            throw ValueError(fmt::format("'{}' is not a percentage: it must be between 0 and 100",
                                         text));
        }
        return static_cast<double>(*value);
    }
    return parse_percentage(text);
}

std::size_t find_outside_parentheses(std::string_view text, std::string_view characters) {
    int depth = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '(') {
            ++depth;
        } else if (text[i] == ')') {
            if (depth > 0) --depth;
        } else if (depth == 0 && characters.find(text[i]) != std::string_view::npos) {
            return i;
        }
    }
    return std::string_view::npos;
}

}  // namespace fio::core

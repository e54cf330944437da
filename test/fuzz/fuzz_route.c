/*
 * fuzz_route.c
 *		libFuzzer target: cc_parse_route and cc_format_route.
 *
 * Properties checked on every input:
 * - the parser accepts exactly what the documented grammar accepts:
 *   countries (the country oracle) separated by exactly one of ">", "->",
 *   "-" or the arrow U+2192, white space around each, 1 to CC_ROUTE_MAX
 *   countries; and it reads the same countries in the same order;
 * - an input holding a NUL byte is rejected;
 * - on an error, the reported part lies inside the input, and when the
 *   input is valid UTF-8 it neither starts nor ends inside a character
 *   (the server quotes it in the message);
 * - the canonical form matches "XX(>XX)*", parses back to the same route
 *   (parse -> format -> parse is the identity) and is stable.
 */
#include "country_core.h"
#include "oracle_country.h"

static regex_t route_re;
static regex_t canonical_re;
static bool ready = false;

/* Element runs are maximal runs of ASCII letters and digits. */
static bool
is_element_byte(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/*
 * The grammar, restated: whether the NUL-terminated s is a route; its
 * countries go to codes (room for CC_ROUTE_MAX) and *n.
 */
static bool
oracle_route(const char *s, uint16_t *codes, int *n)
{
	size_t		len = strlen(s);

	if (!fuzz_matches(&route_re, s))
		return false;
	*n = 0;
	for (size_t p = 0; p < len;)
	{
		size_t		b = p;

		if (!is_element_byte(s[p]))
		{
			p++;
			continue;
		}
		while (p < len && is_element_byte(s[p]))
			p++;
		if (*n == CC_ROUTE_MAX)
			return false;
		if (!oracle_country_element(s + b, p - b, &codes[*n]))
			return false;
		(*n)++;
	}
	return true;
}

/* One input: the parser against the grammar, then the route or the error. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *exact = fuzz_exact_copy(data, size);
	char	   *cstr = fuzz_cstring(data, size);
	uint16_t	expected[CC_ROUTE_MAX];
	int			nexpected = 0;
	bool		oracle_ok;
	uint16_t	codes[CC_ROUTE_MAX];
	int			n = 0;
	cc_parse_info info;
	cc_status	status;

	if (!ready)
	{
		fuzz_regcomp(&route_re,
					 "^" FUZZ_WS "*[A-Za-z0-9]+(" FUZZ_WS "*(->|>|-|\xE2\x86\x92)"
					 FUZZ_WS "*[A-Za-z0-9]+)*" FUZZ_WS "*$");
		fuzz_regcomp(&canonical_re, "^[A-Z]{2}(>[A-Z]{2})*$");
		ready = true;
	}
	oracle_ok = cstr != NULL && oracle_route(cstr, expected, &nexpected);
	status = cc_parse_route(exact, size, codes, &n, &info);

	PROPERTY((status == CC_OK) == oracle_ok, "parser says %d, grammar says %s",
			 (int) status, oracle_ok ? "valid" : "invalid");
	if (status == CC_OK)
	{
		char		text[CC_ROUTE_BUFSIZE];
		char		text2[CC_ROUTE_BUFSIZE];
		uint16_t	again[CC_ROUTE_MAX];
		int			nagain = 0;
		cc_parse_info info2;
		int			len;

		PROPERTY(n == nexpected && memcmp(codes, expected, sizeof(uint16_t) * n) == 0,
				 "%d countries, the grammar reads %d", n, nexpected);
		len = cc_format_route(codes, n, text);
		PROPERTY(len == (int) strlen(text) && len < CC_ROUTE_BUFSIZE, "length %d", len);
		PROPERTY(fuzz_matches(&canonical_re, text), "canonical form %s", text);
		PROPERTY(cc_parse_route(text, (size_t) len, again, &nagain, &info2) == CC_OK &&
				 nagain == n && memcmp(again, codes, sizeof(uint16_t) * n) == 0,
				 "%s does not parse back", text);
		cc_format_route(again, nagain, text2);
		PROPERTY(strcmp(text, text2) == 0, "%s then %s", text, text2);
	}
	else if (status != CC_ERR_EMPTY)
	{
		PROPERTY(info.position < size && info.position + info.length <= size,
				 "part at %zu+%zu of %zu", info.position, info.length, size);
		/*
		 * The server quotes the character at the position (CC_ERR_CHARACTER)
		 * or the whole part (the other errors).
		 */
		if (fuzz_valid_utf8(data, size))
			PROPERTY(!fuzz_is_continuation(data, size, info.position) &&
					 (status == CC_ERR_CHARACTER ||
					  !fuzz_is_continuation(data, size, info.position + info.length)),
					 "part at %zu+%zu splits a character", info.position, info.length);
	}
	free(exact);
	free(cstr);
	return 0;
}

/*
 * fuzz_country.c
 *		libFuzzer target: cc_parse_country and cc_format_country.
 *
 * Properties checked on every input:
 * - the parser accepts exactly what the documented grammar accepts and
 *   finds the same country (oracle_country.h: linear scans of the table);
 * - an input holding a NUL byte is rejected;
 * - the canonical form is two upper-case letters, parses back to the same
 *   code (parse -> format -> parse is the identity), in lower case too,
 *   and is stable; the code is in the table.
 */
#include "country_core.h"
#include "oracle_country.h"

/* One input: the parser against the table scan, then the accepted code. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *exact = fuzz_exact_copy(data, size);
	uint16_t	expected = 0;
	bool		oracle_ok = memchr(data, 0, size) == NULL &&
		oracle_country(exact, size, &expected);
	uint16_t	code = 0;
	cc_status	status = cc_parse_country(exact, size, &code);

	PROPERTY((status == CC_OK) == oracle_ok, "parser says %d, grammar says %s",
			 (int) status, oracle_ok ? "valid" : "invalid");
	if (status == CC_OK)
	{
		char		text[3];
		char		lower[3];
		char		text2[3];
		uint16_t	again = 0;

		PROPERTY(code == expected, "code %04x, the table says %04x", code, expected);
		PROPERTY(cc_lookup(code) != NULL && cc_lookup(code)->code == code, "code not in the table");
		PROPERTY(cc_format_country(code, text) == 2 && strlen(text) == 2 &&
				 text[0] >= 'A' && text[0] <= 'Z' && text[1] >= 'A' && text[1] <= 'Z',
				 "canonical form %s", text);
		PROPERTY(cc_parse_country(text, 2, &again) == CC_OK && again == code,
				 "%s does not parse back", text);
		cc_format_country(again, text2);
		PROPERTY(strcmp(text, text2) == 0, "%s then %s", text, text2);
		lower[0] = (char) (text[0] - 'A' + 'a');
		lower[1] = (char) (text[1] - 'A' + 'a');
		lower[2] = '\0';
		PROPERTY(cc_parse_country(lower, 2, &again) == CC_OK && again == code,
				 "%s in lower case does not parse", text);
	}
	free(exact);
	return 0;
}

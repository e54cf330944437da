/*
 * fuzz_recv.c
 *		libFuzzer target: the binary receive paths.
 *
 * hscode_recv, hsset_recv, country_recv and route_recv read their message
 * as text of a given length and call the same core parser as text input
 * (src/hscode.c, hsset.c, country.c, route.c).  This target feeds that
 * parser the way a receive function does: the first byte picks the type,
 * the rest is the message body, passed as a length-delimited buffer with
 * no terminating NUL (AddressSanitizer catches a read past it).
 *
 * Properties checked on every input:
 * - a body holding a NUL byte is rejected (a C string cannot carry it);
 * - an accepted value's send form (the canonical text, what *_send
 *   writes) is received back as the same value: recv(send(x)) == x;
 * - sending again gives the same bytes (the binary form is canonical).
 */
#include "country_core.h"
#include "hs_core.h"
#include "hsset_core.h"
#include "fuzz.h"

/* hscode_recv: the body parsed; if accepted, recv(send(x)) == x. */
static void
recv_hscode(const char *body, size_t len, bool has_nul)
{
	int64_t		key = 0,
				again = 0;
	char		sent[HS_MAX_DIGITS + 1];
	char		resent[HS_MAX_DIGITS + 1];
	int			n;

	if (hs_parse_text(body, len, &key, NULL) != HS_OK)
		return;
	PROPERTY(!has_nul, "hscode body with a NUL accepted");
	n = hs_key_digits(key, sent);
	PROPERTY(hs_parse_text(sent, (size_t) n, &again, NULL) == HS_OK && again == key,
			 "hscode %s not received back", sent);
	hs_key_digits(again, resent);
	PROPERTY(strcmp(sent, resent) == 0, "hscode sent %s then %s", sent, resent);
}

/* hsset_recv: the body parsed; if accepted, recv(send(x)) == x. */
static void
recv_hsset(const char *body, size_t len, bool has_nul)
{
	int64_t    *m = malloc(sizeof(int64_t) * hsset_count_items(body, len));
	int64_t    *again;
	int			n = 0,
				nagain = 0;
	char	   *sent;
	char	   *resent;
	size_t		slen;

	if (hsset_parse(body, len, m, &n, NULL) != HSSET_OK)
	{
		free(m);
		return;
	}
	PROPERTY(!has_nul, "hsset body with a NUL accepted");
	sent = malloc(hsset_format_bufsize(n));
	resent = malloc(hsset_format_bufsize(n));
	slen = hsset_format(m, n, sent);
	again = malloc(sizeof(int64_t) * hsset_count_items(sent, slen));
	PROPERTY(hsset_parse(sent, slen, again, &nagain, NULL) == HSSET_OK && nagain == n &&
			 (n == 0 || memcmp(again, m, sizeof(int64_t) * n) == 0),
			 "hsset %s not received back", sent);
	hsset_format(again, nagain, resent);
	PROPERTY(strcmp(sent, resent) == 0, "hsset sent %s then %s", sent, resent);
	free(m);
	free(again);
	free(sent);
	free(resent);
}

/* country_recv: the body parsed; if accepted, recv(send(x)) == x. */
static void
recv_country(const char *body, size_t len, bool has_nul)
{
	uint16_t	code = 0,
				again = 0;
	char		sent[3];

	if (cc_parse_country(body, len, &code) != CC_OK)
		return;
	PROPERTY(!has_nul, "country body with a NUL accepted");
	cc_format_country(code, sent);
	PROPERTY(cc_parse_country(sent, 2, &again) == CC_OK && again == code,
			 "country %s not received back", sent);
}

/* route_recv: the body parsed; if accepted, recv(send(x)) == x. */
static void
recv_route(const char *body, size_t len, bool has_nul)
{
	uint16_t	codes[CC_ROUTE_MAX],
				again[CC_ROUTE_MAX];
	int			n = 0,
				nagain = 0;
	cc_parse_info info;
	char		sent[CC_ROUTE_BUFSIZE];
	char		resent[CC_ROUTE_BUFSIZE];
	int			slen;

	if (cc_parse_route(body, len, codes, &n, &info) != CC_OK)
		return;
	PROPERTY(!has_nul, "route body with a NUL accepted");
	slen = cc_format_route(codes, n, sent);
	PROPERTY(cc_parse_route(sent, (size_t) slen, again, &nagain, &info) == CC_OK &&
			 nagain == n && memcmp(again, codes, sizeof(uint16_t) * n) == 0,
			 "route %s not received back", sent);
	cc_format_route(again, nagain, resent);
	PROPERTY(strcmp(sent, resent) == 0, "route sent %s then %s", sent, resent);
}

/* One input: a type selector byte, then the message body. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *body;
	size_t		len;
	bool		has_nul;

	if (size == 0)
		return 0;
	len = size - 1;
	body = fuzz_exact_copy(data + 1, len);
	has_nul = memchr(body, 0, len) != NULL;
	switch (data[0] % 4)
	{
		case 0:
			recv_hscode(body, len, has_nul);
			break;
		case 1:
			recv_hsset(body, len, has_nul);
			break;
		case 2:
			recv_country(body, len, has_nul);
			break;
		case 3:
			recv_route(body, len, has_nul);
			break;
	}
	free(body);
	return 0;
}

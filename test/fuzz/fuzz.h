/*
 * fuzz.h
 *		Shared pieces of the libFuzzer targets in test/fuzz: a property
 *		assertion that stops the run with the input that broke it, and
 *		oracles that restate the documented grammars independently of
 *		src/ (POSIX regular expressions and linear scans of the country
 *		table instead of the hand-written scanners and binary searches).
 *
 * A target is one fuzz_NAME.c defining LLVMFuzzerTestOneInput; it checks
 * properties of what the parser accepts, not just that nothing crashed.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * A property that must hold: on failure print what was wrong and abort, so
 * libFuzzer saves the input as a crash-* reproducer.
 */
#define PROPERTY(cond, ...) \
	do { \
		if (!(cond)) \
		{ \
			fprintf(stderr, "%s:%d: property failed: %s: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__); \
			fputc('\n', stderr); \
			abort(); \
		} \
	} while (0)

/*
 * A copy of the input in a heap block of exactly its size (no terminating
 * NUL), so AddressSanitizer catches any read past the end: the server's
 * receive functions pass such a length-delimited buffer.
 */
static inline char *
fuzz_exact_copy(const uint8_t *data, size_t size)
{
	char	   *p = malloc(size > 0 ? size : 1);

	if (p == NULL)
		abort();
	if (size > 0)
		memcpy(p, data, size);
	return p;
}

/* A NUL-terminated copy, or NULL when the input holds a NUL byte. */
static inline char *
fuzz_cstring(const uint8_t *data, size_t size)
{
	char	   *p;

	if (memchr(data, 0, size) != NULL)
		return NULL;
	p = malloc(size + 1);
	if (p == NULL)
		abort();
	memcpy(p, data, size);
	p[size] = '\0';
	return p;
}

/* Compile a POSIX extended regular expression once, or abort. */
static inline void
fuzz_regcomp(regex_t *re, const char *pattern)
{
	if (regcomp(re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
	{
		fprintf(stderr, "bad pattern %s\n", pattern);
		abort();
	}
}

/* Does the whole of a NUL-terminated string match? */
static inline bool
fuzz_matches(const regex_t *re, const char *s)
{
	return regexec(re, s, 0, NULL, 0) == 0;
}

/* The white space every parser trims: C's isspace in the "C" locale. */
#define FUZZ_WS "[ \t\n\r\f\v]"

/*
 * Is this byte string valid UTF-8 (shortest forms, no surrogates, at most
 * U+10FFFF)?  Used to ask that error positions never split a character.
 */
static inline bool
fuzz_valid_utf8(const unsigned char *s, size_t len)
{
	size_t		i = 0;

	while (i < len)
	{
		unsigned char c = s[i];
		size_t		n;
		uint32_t	cp;

		if (c < 0x80)
		{
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			n = 1;
		else if (c >= 0xE0 && c <= 0xEF)
			n = 2;
		else if (c >= 0xF0 && c <= 0xF4)
			n = 3;
		else
			return false;
		cp = c & (0x3F >> n);	/* the lead byte's payload bits */
		if (i + n >= len)
			return false;
		for (size_t k = 1; k <= n; k++)
		{
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
			cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += n + 1;
	}
	return true;
}

/* Is position p of s (len bytes) a UTF-8 continuation byte? */
static inline bool
fuzz_is_continuation(const unsigned char *s, size_t len, size_t p)
{
	return p < len && (s[p] & 0xC0) == 0x80;
}

#endif							/* FUZZ_H */

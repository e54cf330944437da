/*
 * hsset_core.h
 *		Sets of HS code prefixes with exclusions ("8542 except 854290"):
 *		canonical form, set algebra and membership, in plain C that does not
 *		include postgres.h.
 *
 * A set is a list of members, each an hscode key (hs_core.h) marked
 * included or excluded.  A code belongs to the set when the longest member
 * that is the code or one of its ancestors is included; with no such
 * member it does not belong.  So {8542, !854290} holds 8542 and every code
 * under it except those under 854290, and {8542, !854290, 85429010} gives
 * 85429010 back.
 *
 * Canonical form: members sorted by key (the hierarchical order), no key
 * twice, and every member changes the answer: an included member under an
 * included one (or at the top), or an excluded member with no included
 * ancestor (or under an excluded one), is dropped.  Two sets hold the same
 * codes exactly when their canonical lists are equal, so equality is a
 * byte comparison.
 *
 * For fast membership tests a set compiles into its key ranges: sorted,
 * disjoint, non-adjacent closed intervals [lo, hi] of keys (a subtree is a
 * contiguous key range).  A probe is then one binary search, and an index
 * scan visits exactly those ranges.
 */
#ifndef HSSET_CORE_H
#define HSSET_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A member: an hscode key, with this bit set when it is an exclusion. */
#define HSSET_EXCLUDE		((int64_t) 1 << 62)
#define HSSET_KEY(m)		((m) & ~HSSET_EXCLUDE)
#define HSSET_IS_EXCLUDED(m)	(((m) & HSSET_EXCLUDE) != 0)

/* Why a text is not an hsset; HSSET_OK when it is one. */
typedef enum hsset_status
{
	HSSET_OK = 0,
	HSSET_ERR_BRACES,			/* not enclosed in { } */
	HSSET_ERR_EMPTY_ITEM,		/* two commas in a row, or a comma at either end */
	HSSET_ERR_CODE,				/* an item is no valid hscode */
	HSSET_ERR_CONFLICT			/* a code both included and excluded */
} hsset_status;

/* Where parsing stopped, for the error message. */
typedef struct hsset_parse_info
{
	size_t		item_start;		/* 0-based byte offset of the offending item */
	size_t		item_len;		/* its length */
	int64_t		key;			/* the conflicting key, for HSSET_ERR_CONFLICT */
} hsset_parse_info;

/* A closed key interval. */
typedef struct hsset_range
{
	int64_t		lo;
	int64_t		hi;
} hsset_range;

/* Set operations hsset_combine knows. */
typedef enum hsset_op
{
	HSSET_UNION,
	HSSET_INTERSECT,
	HSSET_EXCEPT
} hsset_op;

/*
 * Called once per step of every loop whose length depends on the input
 * (members, items, ranges), so that a long set operation can be cancelled.
 * NULL (the default) outside the server; the server glue points it at a
 * function that runs CHECK_FOR_INTERRUPTS.
 */
extern void (*hsset_interrupt_check) (void);

#define HSSET_CHECK_INTERRUPTS() \
	do { \
		if (hsset_interrupt_check != NULL) \
			hsset_interrupt_check(); \
	} while (0)

extern int	hsset_canonicalize(int64_t *members, int n, int64_t *conflict);
extern hsset_status hsset_parse(const char *str, size_t len, int64_t *members,
								int *nmembers, hsset_parse_info *info);
extern int	hsset_count_items(const char *str, size_t len);
extern size_t hsset_format(const int64_t *members, int n, char *buf);
extern size_t hsset_format_bufsize(int n);

extern bool hsset_member_value(const int64_t *members, int n, int64_t key);
extern int	hsset_combine(const int64_t *a, int na, const int64_t *b, int nb,
						  hsset_op op, int64_t *out);
extern bool hsset_is_subset(const int64_t *a, int na, const int64_t *b, int nb);

extern int	hsset_to_ranges(const int64_t *members, int n, hsset_range *out);
extern bool hsset_ranges_contain(const hsset_range *ranges, int n, int64_t key);
extern bool hsset_ranges_overlap(const hsset_range *ranges, int n,
								 int64_t lo, int64_t hi);

#endif							/* HSSET_CORE_H */

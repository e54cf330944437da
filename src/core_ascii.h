/*
 * core_ascii.h
 *		The one definition of the white space every parser of the
 *		server-free cores skips (hs_core, hsset_core, country_core,
 *		route_core): ASCII space, tab, newline, carriage return, form feed
 *		and vertical tab.  No-break and other Unicode spaces are not white
 *		space in any input form.
 */
#ifndef CORE_ASCII_H
#define CORE_ASCII_H

#include <stdbool.h>

/* Is c (a char or an unsigned char) white space? */
static inline bool
ts_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

#endif							/* CORE_ASCII_H */

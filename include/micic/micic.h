/**
 * @file micic/micic.h
 * @brief Umbrella header: include this to use all of libmicic.
 *
 * libmicic reads, validates, searches and counts the practices reported to
 * the MICIC Initiative (Migrants in Countries in Crisis) and knows its 15
 * Guidelines. Start with docs/ and the examples in examples/c/.
 */
#ifndef MICIC_MICIC_H
#define MICIC_MICIC_H

#include "micic/common.h"
#include "micic/alloc.h"
#include "micic/version.h"
#include "micic/catalogue.h"
#include "micic/practice.h"
#include "micic/report.h"
#include "micic/io.h"
#include "micic/validate.h"
#include "micic/search.h"
#include "micic/suggest.h"
#include "micic/crosstab.h"
#include "micic/columns.h"
#include "micic/fields.h"
#include "micic/arrow.h"

#endif /* MICIC_MICIC_H */

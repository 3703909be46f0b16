/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * kv_backoff_get_delay:
 * @attempt: 0 for the first retry after a failure
 * @base_us: the first delay's upper bound
 * @cap_us: the largest delay
 * @random: uniform in [0, 1)
 *
 * Full-jitter exponential backoff: a uniformly random delay between 0 and
 * min(@cap_us, @base_us * 2^@attempt), so a room full of kiosks that lost
 * the server at the same moment do not all come back at the same moment.
 *
 * Returns: the delay, in microseconds
 */
gint64              kv_backoff_get_delay (guint   attempt,
                                          gint64  base_us,
                                          gint64  cap_us,
                                          double  random);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-net"

#include "config.h"

#include "kv-backoff.h"

#include <float.h>

gint64
kv_backoff_get_delay (guint  attempt,
                      gint64 base_us,
                      gint64 cap_us,
                      double random)
{
  gint64 ceiling = MAX (base_us, 0);

  cap_us = MAX (cap_us, 0);

  /* Double without overflowing: stop as soon as the cap is reached. */
  for (guint i = 0; i < attempt && ceiling < cap_us; i++)
    ceiling = ceiling > G_MAXINT64 / 2 ? G_MAXINT64 : ceiling * 2;
  ceiling = MIN (ceiling, cap_us);

  if (!(random >= 0.0))
    random = 0.0;
  if (random >= 1.0)
    random = 1.0 - DBL_EPSILON;

  return (gint64) (random * (double) ceiling);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-school-hours"

#include "config.h"

#include "kv-school-hours.h"

#include "kv-local-time.h"

/* School hours are wall-clock times at the community site, like its
 * opening hours: 08:00–15:00 stays 08:00–15:00 local when the clocks
 * change. A visit is compared with the hours of every local day it
 * touches, each day's window turned into instants on that day, so a visit
 * across midnight or on a day of 23 or 25 hours is judged by that day's
 * own clock. */

#define DAY_US (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

typedef struct
{
  guint opens;
  guint closes;
} Window;

struct _KvSchoolHours
{
  GTimeZone *tz;
  GArray    *windows[8];   /* by weekday 1..7: Window */
  gboolean   empty;
};

KvSchoolHours *
kv_school_hours_new (GTimeZone *tz)
{
  KvSchoolHours *self;

  g_return_val_if_fail (tz != NULL, NULL);

  self = g_new0 (KvSchoolHours, 1);
  self->tz = g_time_zone_ref (tz);
  for (guint i = 1; i <= 7; i++)
    self->windows[i] = g_array_new (FALSE, FALSE, sizeof (Window));
  self->empty = TRUE;
  return self;
}

void
kv_school_hours_free (KvSchoolHours *self)
{
  if (self == NULL)
    return;
  g_time_zone_unref (self->tz);
  for (guint i = 1; i <= 7; i++)
    g_array_unref (self->windows[i]);
  g_free (self);
}

void
kv_school_hours_add (KvSchoolHours *self,
                     guint          weekday,
                     guint          opens_minute,
                     guint          closes_minute)
{
  Window window = { opens_minute, closes_minute };

  g_return_if_fail (self != NULL);
  g_return_if_fail (weekday >= 1 && weekday <= 7);
  g_return_if_fail (opens_minute < closes_minute && closes_minute <= 24 * 60);

  g_array_append_val (self->windows[weekday], window);
  self->empty = FALSE;
}

gboolean
kv_school_hours_is_empty (KvSchoolHours *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->empty;
}

/* The instant wall-clock @minute (0 to 1440) of @day starts at. A time the
 * clocks skip starts when they jump, the first instant showing a later
 * time; one that happens twice is taken the first time for an opening and
 * the second for a closing, so the window holds every instant whose wall
 * clock is inside it. */
static gint64
instant_of (GTimeZone   *tz,
            const GDate *day,
            guint        minute,
            gboolean     closing)
{
  GDate next = *day;
  KvLocalResolution resolution;

  if (minute == 24 * 60)
    {
      g_date_add_days (&next, 1);
      minute = 0;
    }
  kv_local_time_resolve (tz, &next, minute, 0, &resolution);
  if (resolution.n_matches == 0)
    return resolution.change_us;
  return closing && resolution.n_matches == 2 ? resolution.second_us : resolution.first_us;
}

/**
 * kv_school_hours_overlaps:
 * @self: a site's school hours
 * @start_us: a visit's start, UTC microseconds
 * @end_us: its end
 *
 * Returns: whether [@start_us, @end_us) overlaps the school hours of any
 *   local day it touches
 */
gboolean
kv_school_hours_overlaps (KvSchoolHours *self,
                          gint64         start_us,
                          gint64         end_us)
{
  GDate day, last;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->empty || end_us <= start_us)
    return FALSE;
  /* Eight days hold every weekday whole, even with a 25-hour day among
   * them: no need to walk a longer range day by day. */
  if (end_us - start_us >= 8 * DAY_US)
    return TRUE;

  kv_local_time_get_day (start_us, self->tz, &day, NULL);
  kv_local_time_get_day (end_us - 1, self->tz, &last, NULL);
  for (; g_date_compare (&day, &last) <= 0; g_date_add_days (&day, 1))
    {
      GArray *windows = self->windows[g_date_get_weekday (&day)];

      for (guint i = 0; i < windows->len; i++)
        {
          const Window *window = &g_array_index (windows, Window, i);
          gint64 opens_us = instant_of (self->tz, &day, window->opens, FALSE);
          gint64 closes_us = instant_of (self->tz, &day, window->closes, TRUE);

          if (opens_us < end_us && start_us < closes_us)
            return TRUE;
        }
    }
  return FALSE;
}

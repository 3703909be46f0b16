/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisitctl"

#include "config.h"

#include "kv-ctl-local-times.h"

#include <string.h>

/* Local times for staff who are not technicians. The server writes them
 * with their offset; these name the day, the month and the zone as people
 * say them: "Tue 8 Dec 2026 15:30–15:45 CET". The names are English, as
 * the rest of kinvisitctl's text, whatever the terminal's locale. */

typedef struct
{
  char      *site_id;
  GTimeZone *zone;
} SiteZone;

struct _KvCtlLocalTimes
{
  GPtrArray *zones;      /* SiteZone */
  char      *preferred;  /* a site whose zone is tried first, or NULL */
};

static const char * const weekday_names[] = {
  NULL, "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun",
};

static const char * const month_names[] = {
  NULL, "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

static void
site_zone_free (SiteZone *site_zone)
{
  g_free (site_zone->site_id);
  g_time_zone_unref (site_zone->zone);
  g_free (site_zone);
}

/**
 * kv_ctl_local_times_new:
 * @sites: (nullable): the "sites" of GET /api/v1/sites
 *
 * Returns: (transfer full): the zones of @sites
 */
KvCtlLocalTimes *
kv_ctl_local_times_new (JsonArray *sites)
{
  KvCtlLocalTimes *self = g_new0 (KvCtlLocalTimes, 1);

  self->zones = g_ptr_array_new_with_free_func ((GDestroyNotify) site_zone_free);
  for (guint i = 0; sites != NULL && i < json_array_get_length (sites); i++)
    {
      JsonObject *site = json_array_get_object_element (sites, i);
      const char *name = kv_ctl_member_string (site, "time_zone");
      GTimeZone *zone;
      SiteZone *site_zone;

      if (*name == '\0')
        continue;
      zone = g_time_zone_new_identifier (name);
      if (zone == NULL)
        continue;
      site_zone = g_new0 (SiteZone, 1);
      site_zone->site_id = g_strdup (kv_ctl_member_string (site, "id"));
      site_zone->zone = zone;
      g_ptr_array_add (self->zones, site_zone);
    }
  return self;
}

/**
 * kv_ctl_local_times_load:
 * @ctl: the context
 * @preferred_site: (nullable): see kv_ctl_local_times_prefer()
 *
 * Asks the server for the caller's sites and their zones. Without them
 * (an older server) times still read well, with the offset for a zone.
 *
 * Returns: (transfer full): the zones
 */
KvCtlLocalTimes *
kv_ctl_local_times_load (KvCtl      *ctl,
                         const char *preferred_site)
{
  g_autoptr(JsonNode) reply = NULL;
  KvCtlLocalTimes *self;
  int status;

  if (kv_ctl_request (ctl, "GET", "/api/v1/sites", NULL, "site list", &reply, NULL, &status))
    self = kv_ctl_local_times_new (kv_ctl_reply_array (reply, "sites"));
  else
    self = kv_ctl_local_times_new (NULL);
  if (preferred_site != NULL && *preferred_site != '\0')
    kv_ctl_local_times_prefer (self, preferred_site);
  return self;
}

void
kv_ctl_local_times_free (KvCtlLocalTimes *self)
{
  g_ptr_array_unref (self->zones);
  g_free (self->preferred);
  g_free (self);
}

/* Two zones can share an offset and not a name (Europe/London and UTC in
 * winter): the family's own site is asked first. */
void
kv_ctl_local_times_prefer (KvCtlLocalTimes *self,
                           const char      *site_id)
{
  g_free (self->preferred);
  self->preferred = g_strdup (site_id);
}

static GTimeZone *
zone_with_offset (KvCtlLocalTimes *self,
                  GDateTime       *date_time)
{
  GTimeSpan offset = g_date_time_get_utc_offset (date_time);
  gint64 unix_time = g_date_time_to_unix (date_time);

  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->zones->len; i++)
      {
        SiteZone *site_zone = g_ptr_array_index (self->zones, i);
        int interval;

        if ((pass == 0) != (self->preferred != NULL &&
                            g_str_equal (site_zone->site_id, self->preferred)))
          continue;
        interval = g_time_zone_find_interval (site_zone->zone, G_TIME_TYPE_UNIVERSAL, unix_time);
        if (interval >= 0 &&
            (GTimeSpan) g_time_zone_get_offset (site_zone->zone, interval) * G_USEC_PER_SEC ==
              offset)
          return site_zone->zone;
      }
  return NULL;
}

/* @iso in the zone of a site with its offset, or as written. */
static GDateTime *
localize (KvCtlLocalTimes *self,
          const char      *iso)
{
  g_autoptr(GDateTime) date_time = NULL;
  GTimeZone *zone;

  if (iso == NULL || *iso == '\0')
    return NULL;
  date_time = g_date_time_new_from_iso8601 (iso, NULL);
  if (date_time == NULL)
    return NULL;
  zone = zone_with_offset (self, date_time);
  if (zone == NULL)
    return g_steal_pointer (&date_time);
  return g_date_time_to_timezone (date_time, zone);
}

/* "CET", or "UTC+01:00" for an offset no site's zone has. */
static char *
zone_name (GDateTime *date_time)
{
  const char *abbreviation = g_date_time_get_timezone_abbreviation (date_time);
  GTimeSpan offset = g_date_time_get_utc_offset (date_time) / G_USEC_PER_SEC;

  if (abbreviation != NULL && g_ascii_isalpha (abbreviation[0]))
    return g_strdup (abbreviation);
  if (offset == 0)
    return g_strdup ("UTC");
  return g_strdup_printf ("UTC%c%02d:%02d", offset < 0 ? '-' : '+',
                          (int) (ABS (offset) / 3600), (int) (ABS (offset) % 3600 / 60));
}

static char *
format_day (GDateTime *date_time,
            gboolean   with_year)
{
  const char *weekday = weekday_names[g_date_time_get_day_of_week (date_time)];
  const char *month = month_names[g_date_time_get_month (date_time)];

  if (with_year)
    return g_strdup_printf ("%s %d %s %d", weekday, g_date_time_get_day_of_month (date_time),
                            month, g_date_time_get_year (date_time));
  return g_strdup_printf ("%s %d %s", weekday, g_date_time_get_day_of_month (date_time), month);
}

static char *
format_clock (GDateTime *date_time)
{
  return g_strdup_printf ("%02d:%02d", g_date_time_get_hour (date_time),
                          g_date_time_get_minute (date_time));
}

/* "Tue 8 Dec 2026 15:30 CET"; "-" for none. */
char *
kv_ctl_local_times_format (KvCtlLocalTimes *self,
                           const char      *iso)
{
  g_autoptr(GDateTime) date_time = localize (self, iso);
  g_autofree char *day = NULL, *clock = NULL, *zone = NULL;

  if (date_time == NULL)
    return g_strdup (iso != NULL && *iso != '\0' ? iso : "-");
  day = format_day (date_time, TRUE);
  clock = format_clock (date_time);
  zone = zone_name (date_time);
  return g_strdup_printf ("%s %s %s", day, clock, zone);
}

/* "Tue 8 Dec 2026 15:30–15:45 CET": the day once, the zone once unless
 * the clocks change during the visit. */
char *
kv_ctl_local_times_span (KvCtlLocalTimes *self,
                         const char      *start_iso,
                         const char      *end_iso)
{
  g_autoptr(GDateTime) start = localize (self, start_iso);
  g_autoptr(GDateTime) end = localize (self, end_iso);
  g_autofree char *day = NULL, *start_clock = NULL, *end_clock = NULL;
  g_autofree char *start_zone = NULL, *end_zone = NULL;

  if (start == NULL || end == NULL)
    {
      g_autofree char *from = kv_ctl_local_times_format (self, start_iso);
      g_autofree char *to = kv_ctl_local_times_format (self, end_iso);

      return g_strdup_printf ("%s – %s", from, to);
    }
  if (g_date_time_get_year (start) != g_date_time_get_year (end) ||
      g_date_time_get_day_of_year (start) != g_date_time_get_day_of_year (end))
    {
      g_autofree char *from = kv_ctl_local_times_format (self, start_iso);
      g_autofree char *to = kv_ctl_local_times_format (self, end_iso);

      return g_strdup_printf ("%s – %s", from, to);
    }
  day = format_day (start, TRUE);
  start_clock = format_clock (start);
  end_clock = format_clock (end);
  start_zone = zone_name (start);
  end_zone = zone_name (end);
  if (!g_str_equal (start_zone, end_zone))
    return g_strdup_printf ("%s %s %s–%s %s", day, start_clock, start_zone, end_clock, end_zone);
  return g_strdup_printf ("%s %s–%s %s", day, start_clock, end_clock, start_zone);
}

/* "Tue 8 Dec 2026" (or "Tue 8 Dec"). */
char *
kv_ctl_local_times_day (KvCtlLocalTimes *self,
                        const char      *iso,
                        gboolean         with_year)
{
  g_autoptr(GDateTime) date_time = localize (self, iso);

  if (date_time == NULL)
    return g_strdup (iso != NULL && *iso != '\0' ? iso : "-");
  return format_day (date_time, with_year);
}

/* The last day before @end_iso, a local midnight that ends a period: the
 * first week that ends at 00:00 on Mon 14 Dec has Sun 13 Dec as its last
 * day, which is what staff need to know. */
char *
kv_ctl_local_times_last_day (KvCtlLocalTimes *self,
                             const char      *end_iso,
                             gboolean         with_year)
{
  g_autoptr(GDateTime) end = localize (self, end_iso);
  g_autoptr(GDateTime) before = NULL;

  if (end == NULL)
    return g_strdup (end_iso != NULL && *end_iso != '\0' ? end_iso : "-");
  before = g_date_time_add_seconds (end, -1);
  return format_day (before, with_year);
}

/* "2026-12-06" -> "Sun 6 Dec 2026"; anything else as it is. */
char *
kv_ctl_local_times_date (const char *date)
{
  g_autoptr(GDateTime) noon = NULL;
  g_autofree char *iso = NULL;

  if (date == NULL || strlen (date) != 10)
    return g_strdup (date != NULL && *date != '\0' ? date : "-");
  iso = g_strdup_printf ("%sT12:00:00Z", date);
  noon = g_date_time_new_from_iso8601 (iso, NULL);
  if (noon == NULL)
    return g_strdup (date);
  return format_day (noon, TRUE);
}

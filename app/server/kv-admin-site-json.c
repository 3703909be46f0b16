/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-admin-site-json.h"

#include "kv-local-time.h"

/* A site as the admin API writes it, and a week of hours as it reads them:
 * the opening hours and the school hours are one format (weekday names,
 * "HH:MM"), so the console's hours code serves both. */

/* Most openings (or school hours) one week may have. */
#define MAX_WINDOWS (7 * 8)

/* The bands in the order of kv_age_rules_band_index(). */
static const KvAgeBand bands[KV_AGE_BAND_COUNT] = {
  KV_AGE_BAND_0_3, KV_AGE_BAND_4_7, KV_AGE_BAND_8_12, KV_AGE_BAND_13_17,
};

static void
add_week (JsonBuilder *builder,
          const char  *name,
          GArray      *week)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; week != NULL && i < week->len; i++)
    {
      const KvSiteHours *hours = &g_array_index (week, KvSiteHours, i);
      g_autofree char *opens = kv_local_time_format_clock (hours->opens);
      g_autofree char *closes = kv_local_time_format_clock (hours->closes);

      json_builder_begin_object (builder);
      kv_admin_http_add_string (builder, "weekday", kv_local_time_weekday_name (hours->weekday));
      kv_admin_http_add_string (builder, "opens", opens);
      kv_admin_http_add_string (builder, "closes", closes);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/**
 * kv_admin_site_json_add_band_rules:
 * @builder: a builder inside an object
 *
 * The members of one band's rules: default_minutes, max_minutes,
 * min_gap_hours, aim_visits, aim_days.
 */
void
kv_admin_site_json_add_band_rules (JsonBuilder          *builder,
                                   const KvAgeBandRules *rules)
{
  kv_admin_http_add_int (builder, "default_minutes", rules->default_minutes);
  kv_admin_http_add_int (builder, "max_minutes", rules->max_minutes);
  kv_admin_http_add_int (builder, "min_gap_hours", rules->min_gap_hours);
  kv_admin_http_add_int (builder, "aim_visits", rules->aim_visits);
  kv_admin_http_add_int (builder, "aim_days", rules->aim_days);
}

/**
 * kv_admin_site_json_add:
 * @builder: a builder where a value goes
 * @site: a site
 *
 * The site: its zone, opening hours, closed days, its age rules (every
 * band, the defaults where it set none) and its school hours.
 */
void
kv_admin_site_json_add (JsonBuilder        *builder,
                        const KvSiteRecord *site)
{
  json_builder_begin_object (builder);
  kv_admin_http_add_string (builder, "id", site->id);
  kv_admin_http_add_string (builder, "name", site->name);
  kv_admin_http_add_string (builder, "time_zone", site->time_zone);
  kv_admin_http_add_time (builder, "created", site->created_us);
  add_week (builder, "hours", site->hours);
  json_builder_set_member_name (builder, "closed_days");
  json_builder_begin_array (builder);
  for (guint i = 0; i < site->closed_days->len; i++)
    {
      const KvClosedDay *day = g_ptr_array_index (site->closed_days, i);

      json_builder_begin_object (builder);
      kv_admin_http_add_string (builder, "day", day->day);
      kv_admin_http_add_string (builder, "reason", day->reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "age_rules");
  json_builder_begin_object (builder);
  for (guint i = 0; i < KV_AGE_BAND_COUNT; i++)
    {
      json_builder_set_member_name (builder, kv_age_band_to_string (bands[i]));
      json_builder_begin_object (builder);
      kv_admin_site_json_add_band_rules (builder, &site->age_rules.bands[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  add_week (builder, "school_hours", site->school_hours);
  json_builder_end_object (builder);
}

/**
 * kv_admin_site_json_respond:
 * @request: the request
 * @id: a site
 * @status: the status to answer with
 *
 * Answers with the site as stored.
 */
void
kv_admin_site_json_respond (const KvAdminRequest *request,
                            const char           *id,
                            guint                 status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvSiteRecord) site = kv_store_lookup_site (request->store, id, &error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (site == NULL)
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  kv_admin_site_json_add (builder, site);
  kv_admin_http_respond_json (request->message, status, builder);
}

/**
 * kv_admin_site_json_require_known:
 * @request: the request
 * @id: a site
 *
 * The site must exist (404 otherwise: site ids are not secret, and a
 * caller who mistyped one should be told so) and be one the caller covers
 * (403, audited).
 *
 * Returns: whether the request may go on
 */
gboolean
kv_admin_site_json_require_known (const KvAdminRequest *request,
                                  const char           *id)
{
  g_autoptr(GError) error = NULL;

  if (!kv_store_has_site (request->store, id, &error))
    {
      kv_admin_http_respond_gerror (request->message, error);
      return FALSE;
    }
  return kv_admin_http_require_site (request, id);
}

/* One {"weekday":"tue","opens":"14:00","closes":"18:00"}. */
static gboolean
read_window (const KvAdminRequest *request,
             const char           *member,
             JsonNode             *node,
             guint                 index,
             KvSiteHours          *out)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *weekday = NULL, *opens = NULL, *closes = NULL;
  g_autofree char *field = g_strdup_printf ("%s[%u]", member, index);
  g_autofree char *text = NULL;

  if (object != NULL &&
      (!kv_admin_http_get_string (request->message, object, "weekday", &weekday) ||
       !kv_admin_http_get_string (request->message, object, "opens", &opens) ||
       !kv_admin_http_get_string (request->message, object, "closes", &closes)))
    return FALSE;
  if (object == NULL || !kv_local_time_parse_weekday (weekday, &out->weekday, NULL))
    text = g_strdup_printf ("Field '%s.weekday' must be mon, tue, wed, thu, fri, sat or sun",
                            field);
  else if (!kv_local_time_parse_clock (opens, &out->opens, NULL) || out->opens >= 24 * 60)
    text = g_strdup_printf ("Field '%s.opens' must be a time of day like 14:00", field);
  else if (!kv_local_time_parse_clock (closes, &out->closes, NULL) || out->closes <= out->opens)
    text = g_strdup_printf ("Field '%s.closes' must be a time of day after 'opens', up to 24:00",
                            field);
  else
    return TRUE;
  kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST, "bad-hours",
                                     field, text);
  return FALSE;
}

/**
 * kv_admin_site_json_read_week:
 * @request: the request
 * @body: its body
 * @member: the member that holds the week ("hours", "school_hours")
 *
 * Reads a whole week of hours, each `{"weekday","opens","closes"}`, with
 * no two windows of one day overlapping (that would make "inside the
 * hours" mean two things). Otherwise answers 400 `missing-field` or
 * `bad-hours` naming the member or the window ("hours[2]").
 *
 * Returns: (transfer full) (element-type KvSiteHours) (nullable): the
 *   week, empty for none
 */
GArray *
kv_admin_site_json_read_week (const KvAdminRequest *request,
                              JsonObject           *body,
                              const char           *member)
{
  g_autoptr(GArray) week = g_array_new (FALSE, FALSE, sizeof (KvSiteHours));
  JsonNode *list = json_object_get_member (body, member);
  JsonArray *array;

  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list) ||
      json_array_get_length (json_node_get_array (list)) > MAX_WINDOWS)
    {
      g_autofree char *text = g_strdup_printf ("Field '%s' must be a list of at most %d "
                                               "{\"weekday\",\"opens\",\"closes\"}%s", member,
                                               MAX_WINDOWS,
                                               g_str_equal (member, "hours")
                                                 ? " (empty: open all day)" : " (empty: none)");

      kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST,
                                         "missing-field", member, text);
      return NULL;
    }
  array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      KvSiteHours window;

      if (!read_window (request, member, json_array_get_element (array, i), i, &window))
        return NULL;
      for (guint j = 0; j < week->len; j++)
        {
          const KvSiteHours *other = &g_array_index (week, KvSiteHours, j);

          if (other->weekday == window.weekday && window.opens < other->closes &&
              other->opens < window.closes)
            {
              g_autofree char *field = g_strdup_printf ("%s[%u]", member, i);
              g_autofree char *text = g_strdup_printf ("Two %s on %s overlap",
                                                       g_str_equal (member, "hours")
                                                         ? "openings" : "windows",
                                                       kv_local_time_weekday_plural (window.weekday));

              kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST,
                                                 "bad-hours", field, text);
              return NULL;
            }
        }
      g_array_append_val (week, window);
    }
  return g_steal_pointer (&week);
}

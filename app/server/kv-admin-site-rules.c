/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-admin-site-rules.h"

#include "kv-admin-site-json.h"

/* The rules a site keeps for children, set by its admins: `PUT
 * /api/v1/sites/ID/age-rules` (any bands, each one whole; the others keep
 * theirs) and `PUT /api/v1/sites/ID/school-hours` (the whole week, in the
 * format of the opening hours). Both answer with the site. */

static const char * const member_names[] = {
  "default_minutes", "max_minutes", "min_gap_hours", "aim_visits", "aim_days",
};

static gboolean
refuse (const KvAdminRequest *request,
        const char           *code,
        const char           *field,
        const char           *text)
{
  kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST, code, field,
                                     text);
  return FALSE;
}

/* Which member of @rules kv_age_band_rules_validate() found at fault, so
 * a console can show its message next to it. */
static const char *
faulty_member (const KvAgeBandRules *rules)
{
  if (rules->default_minutes < KV_AGE_RULES_MIN_MINUTES ||
      rules->default_minutes > KV_AGE_RULES_MAX_MINUTES)
    return "default_minutes";
  if (rules->max_minutes < KV_AGE_RULES_MIN_MINUTES ||
      rules->max_minutes > KV_AGE_RULES_MAX_MINUTES || rules->max_minutes < rules->default_minutes)
    return "max_minutes";
  if (rules->min_gap_hours > KV_AGE_RULES_MAX_GAP_HOURS)
    return "min_gap_hours";
  if (rules->aim_visits < 1 || rules->aim_visits > KV_AGE_RULES_MAX_AIM_VISITS)
    return "aim_visits";
  return "aim_days";
}

/* One band's rules: all five members, whole numbers. */
static gboolean
read_band (const KvAdminRequest *request,
           const char           *band_name,
           KvAgeBand             band,
           JsonNode             *node,
           KvAgeBandRules       *out)
{
  guint *values[] = {
    &out->default_minutes, &out->max_minutes, &out->min_gap_hours, &out->aim_visits,
    &out->aim_days,
  };
  JsonObject *object;
  g_autoptr(GError) error = NULL;
  g_autofree char *field = NULL;
  g_autofree char *text = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      text = g_strdup_printf ("Field '%s' must be an object of default_minutes, max_minutes, "
                              "min_gap_hours, aim_visits and aim_days", band_name);
      return refuse (request, "bad-rules", band_name, text);
    }
  object = json_node_get_object (node);
  for (gsize i = 0; i < G_N_ELEMENTS (member_names); i++)
    {
      JsonNode *member = json_object_get_member (object, member_names[i]);

      if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
          json_node_get_value_type (member) != G_TYPE_INT64 ||
          json_node_get_int (member) < 0 || json_node_get_int (member) > 100000)
        {
          field = g_strdup_printf ("%s.%s", band_name, member_names[i]);
          text = g_strdup_printf ("Field '%s' must be a whole number%s", field,
                                  member == NULL ? " (each band's rules are given whole)" : "");
          return refuse (request, "bad-rules", field, text);
        }
      *values[i] = (guint) json_node_get_int (member);
    }
  if (kv_age_band_rules_validate (out, band, &error))
    return TRUE;
  field = g_strdup_printf ("%s.%s", band_name, faulty_member (out));
  return refuse (request, "bad-rules", field, error->message);
}

/* PUT /api/v1/sites/ID/age-rules {"0-3": {...}, "8-12": {...}} */
static void
put_age_rules (const KvAdminRequest *request)
{
  const char *id = request->parts[1];
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) names = NULL;
  KvAgeRules rules;
  JsonObject *body;
  guint mask = 0;

  body = kv_admin_http_read_body (request->message, parser);
  if (body == NULL || !kv_admin_site_json_require_known (request, id))
    return;
  kv_age_rules_init_defaults (&rules);
  names = json_object_get_members (body);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      KvAgeBand band;
      int index;

      if (!kv_age_band_from_string (name, &band) || (index = kv_age_rules_band_index (band)) < 0)
        {
          g_autofree char *text = NULL;

          /* Echoed only when short and valid UTF-8 (it is a JSON key). */
          text = g_utf8_strlen (name, -1) <= 20
                   ? g_strdup_printf ("\"%s\" is not an age band: use 0-3, 4-7, 8-12 or 13-17",
                                      name)
                   : g_strdup ("The age bands are 0-3, 4-7, 8-12 and 13-17");
          refuse (request, "bad-age-band", g_utf8_strlen (name, -1) <= 20 ? name : NULL, text);
          return;
        }
      if (!read_band (request, name, band, json_object_get_member (body, name),
                      &rules.bands[index]))
        return;
      mask |= 1u << index;
    }
  if (mask == 0)
    {
      refuse (request, "missing-field", NULL,
              "Give the rules of at least one age band: {\"0-3\": {\"default_minutes\": 15, ...}}");
      return;
    }
  if (!kv_store_set_site_age_rules (request->store, id, &rules, mask, request->now_us,
                                    request->caller->actor, &error))
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  kv_admin_site_json_respond (request, id, SOUP_STATUS_OK);
}

/* PUT /api/v1/sites/ID/school-hours {"school_hours": [...]} */
static void
put_school_hours (const KvAdminRequest *request)
{
  const char *id = request->parts[1];
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) hours = NULL;
  JsonObject *body;

  body = kv_admin_http_read_body (request->message, parser);
  if (body == NULL || !kv_admin_site_json_require_known (request, id))
    return;
  hours = kv_admin_site_json_read_week (request, body, "school_hours");
  if (hours == NULL)
    return;
  if (!kv_store_set_site_school_hours (request->store, id, hours, request->now_us,
                                       request->caller->actor, &error))
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  kv_admin_site_json_respond (request, id, SOUP_STATUS_OK);
}

/**
 * kv_admin_site_rules_route:
 * @request: a request on /api/v1/sites
 *
 * Returns: %FALSE if no endpoint here answers @request (nothing was sent)
 */
gboolean
kv_admin_site_rules_route (const KvAdminRequest *request)
{
  if (kv_admin_http_is_route (request, "PUT", 3, "age-rules"))
    put_age_rules (request);
  else if (kv_admin_http_is_route (request, "PUT", 3, "school-hours"))
    put_school_hours (request);
  else
    return FALSE;
  return TRUE;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-admin-family-input.h"

#include "kv-booking-rules.h"
#include "kv-family-view.h"
#include "kv-local-time.h"

#include <string.h>

/* A family as staff send it (POST /api/v1/families, PATCH
 * /api/v1/families/ID), checked field by field before anything is
 * written: each refusal is a 400 naming the field ("children[1].age_band")
 * and saying what to write instead. Labels are what the children and the
 * parent are called at the kiosks, never full names; children have an age
 * band, never a birth date. */

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

/* A label shows on a child's screen: 1 to 40 characters of text on one
 * line, not only spaces. */
static gboolean
check_label (const KvAdminRequest *request,
             const char           *field,
             const char           *label)
{
  g_autofree char *text = NULL;
  g_autofree char *stripped = NULL;
  gboolean ok = label != NULL && g_utf8_validate (label, -1, NULL) &&
                g_utf8_strlen (label, -1) <= KV_FAMILY_INPUT_LABEL_MAX_CHARS;

  for (const char *p = label; ok && *p != '\0'; p = g_utf8_next_char (p))
    ok = !g_unichar_iscntrl (g_utf8_get_char (p));
  if (ok)
    {
      stripped = g_strstrip (g_strdup (label));
      ok = *stripped != '\0';
    }
  if (ok)
    return TRUE;
  text = g_strdup_printf ("Field '%s' must be a label of 1 to %d characters on one line, like "
                          "\"%s\" (never a full name)", field, KV_FAMILY_INPUT_LABEL_MAX_CHARS,
                          g_str_has_prefix (field, "children") ? "Lena" : "Dad");
  return refuse (request, "bad-label", field, text);
}

static gboolean
read_children (const KvAdminRequest *request,
               JsonNode             *node,
               GPtrArray            *out_children)
{
  JsonArray *array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node)
                                                                 : NULL;
  g_autofree char *text = NULL;

  if (array == NULL || json_array_get_length (array) == 0 ||
      json_array_get_length (array) > KV_FAMILY_INPUT_MAX_CHILDREN)
    {
      text = g_strdup_printf ("Field 'children' must list 1 to %d children, each "
                              "{\"label\": \"Lena\", \"age_band\": \"0-3\"}",
                              KV_FAMILY_INPUT_MAX_CHILDREN);
      return refuse (request, "no-children", "children", text);
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element)
                                                            : NULL;
      g_autofree char *label_field = g_strdup_printf ("children[%u].label", i);
      g_autofree char *band_field = g_strdup_printf ("children[%u].age_band", i);
      const char *label = NULL, *band_text = NULL;
      KvAgeBand band;

      if (object != NULL &&
          (!kv_admin_http_get_string (request->message, object, "label", &label) ||
           !kv_admin_http_get_string (request->message, object, "age_band", &band_text)))
        return FALSE;
      if (!check_label (request, label_field, label))
        return FALSE;
      if (band_text == NULL || !kv_age_band_from_string (band_text, &band) ||
          band == KV_AGE_BAND_UNSPECIFIED)
        {
          text = g_strdup_printf ("Field '%s' must be 0-3, 4-7, 8-12 or 13-17", band_field);
          return refuse (request, "bad-age-band", band_field, text);
        }
      g_ptr_array_add (out_children, kv_family_child_new (label, band));
    }
  return TRUE;
}

/* Each prison kiosk: known, a prison kiosk, in service and on a site (a
 * family's admission day is a day there). Their sites in the same order. */
static gboolean
read_kiosks (const KvAdminRequest *request,
             JsonNode             *node,
             GStrv                *out_kiosks,
             GStrv                *out_sites)
{
  JsonArray *array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node)
                                                                 : NULL;
  g_autoptr(GPtrArray) kiosks = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) sites = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;

  if (array == NULL || json_array_get_length (array) == 0 ||
      json_array_get_length (array) > KV_FAMILY_INPUT_MAX_KIOSKS)
    {
      text = g_strdup_printf ("Field 'prison_kiosks' must list 1 to %d prison kiosks the parent "
                              "uses, by id", KV_FAMILY_INPUT_MAX_KIOSKS);
      return refuse (request, "missing-field", "prison_kiosks", text);
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *field = g_strdup_printf ("prison_kiosks[%u]", i);
      g_autoptr(KvKioskRecord) kiosk = NULL;
      g_autoptr(GError) error = NULL;
      const char *id = NULL;

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        id = json_node_get_string (element);
      if (id == NULL || !kv_booking_rules_check_id (id, NULL))
        {
          text = g_strdup_printf ("Field '%s' must be a kiosk id", field);
          return refuse (request, "unknown-kiosk", field, text);
        }
      kiosk = kv_store_lookup_kiosk (request->store, id, &error);
      if (kiosk == NULL)
        {
          if (!g_error_matches (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND))
            {
              kv_admin_http_respond_gerror (request->message, error);
              return FALSE;
            }
          text = g_strdup_printf ("There is no kiosk %s", id);
          return refuse (request, "unknown-kiosk", field, text);
        }
      if (kiosk->role != KV_ROLE_PRISON)
        {
          text = g_strdup_printf ("Kiosk %s is a community kiosk: name the prison kiosks the "
                                  "parent uses", id);
          return refuse (request, "not-a-prison-kiosk", field, text);
        }
      if (kiosk->revoked_us != 0)
        {
          text = g_strdup_printf ("Kiosk %s is revoked", id);
          return refuse (request, "revoked-kiosk", field, text);
        }
      if (kiosk->site_id == NULL)
        {
          text = g_strdup_printf ("Kiosk %s is on no site: put it on its prison's site first "
                                  "(the admission day is a day there)", id);
          return refuse (request, "kiosk-without-site", field, text);
        }
      /* Named twice is named once. */
      if (g_ptr_array_find_with_equal_func (kiosks, id, g_str_equal, NULL))
        continue;
      g_ptr_array_add (kiosks, g_strdup (id));
      g_ptr_array_add (sites, g_strdup (kiosk->site_id));
    }
  g_ptr_array_add (kiosks, NULL);
  g_ptr_array_add (sites, NULL);
  *out_kiosks = (GStrv) g_ptr_array_free (g_steal_pointer (&kiosks), FALSE);
  *out_sites = (GStrv) g_ptr_array_free (g_steal_pointer (&sites), FALSE);
  return TRUE;
}

static gboolean
check_site (const KvAdminRequest *request,
            const char           *site_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (kv_booking_rules_check_id (site_id, NULL) &&
      kv_store_has_site (request->store, site_id, &error))
    return TRUE;
  if (error != NULL && !g_error_matches (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND))
    {
      kv_admin_http_respond_gerror (request->message, error);
      return FALSE;
    }
  text = kv_booking_rules_check_id (site_id, NULL)
           ? g_strdup_printf ("There is no site %s", site_id)
           : g_strdup ("Field 'community_site' must be a site id");
  return refuse (request, "unknown-site", "community_site", text);
}

/* A real day, written YYYY-MM-DD, not after today at the prison. */
static gboolean
check_admitted (const KvAdminRequest *request,
                const char           *admitted_on,
                const char           *prison_site)
{
  g_autoptr(KvSiteRecord) site = kv_store_lookup_site (request->store, prison_site, NULL);
  g_autoptr(GTimeZone) zone = NULL;
  g_autofree char *text = NULL;
  g_autofree char *today_text = NULL;
  GDate day, today;

  if (strlen (admitted_on) != 10 || !kv_local_time_parse_day (admitted_on, &day, NULL))
    return refuse (request, "bad-date", "admitted_on",
                   "Field 'admitted_on' must be a real day, written like 2026-12-06");
  zone = site != NULL ? g_time_zone_new_identifier (site->time_zone) : NULL;
  if (zone == NULL)
    zone = g_time_zone_new_utc ();
  kv_local_time_get_day (request->now_us, zone, &today, NULL);
  if (g_date_compare (&day, &today) <= 0)
    return TRUE;
  today_text = kv_local_time_format_day (&today);
  text = g_strdup_printf ("Field 'admitted_on' %s is after today (%s at the prison): give the "
                          "day the parent was admitted", admitted_on, today_text);
  return refuse (request, "admitted-in-future", "admitted_on", text);
}

static gboolean
get_required (const KvAdminRequest  *request,
              JsonObject            *body,
              const char            *name,
              gboolean               required,
              const char           **out_value)
{
  g_autofree char *text = NULL;

  if (!kv_admin_http_get_string (request->message, body, name, out_value))
    return FALSE;
  if (*out_value != NULL || !required)
    return TRUE;
  text = g_strdup_printf ("Field '%s' is required", name);
  return refuse (request, "missing-field", name, text);
}

static char *
new_family_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strdup_printf ("f-%.8s", uuid);
}

/**
 * kv_admin_family_input_read:
 * @request: a POST or PATCH of a family
 * @body: its body
 * @current: (nullable): the family as it is, for a PATCH; %NULL for a new
 *   one, whose every field is required
 * @out_changed: (element-type utf8): the fields the request changes
 *
 * Reads and checks the family the request asks for: labels, children and
 * their bands, the admission day (not after today in the zone of the
 * prison kiosks' site), the community site, the prison kiosks; and that
 * the caller covers one of its sites (403, audited). Every refusal is
 * answered.
 *
 * Returns: (transfer full) (nullable): the family as it is to be
 */
KvFamilyRecord *
kv_admin_family_input_read (const KvAdminRequest *request,
                            JsonObject           *body,
                            const KvFamilyRecord *current,
                            GPtrArray            *out_changed)
{
  g_autoptr(KvFamilyRecord) record = current != NULL ? kv_family_record_copy (current)
                                                     : kv_family_record_new ();
  gboolean required = current == NULL;
  const char *id = NULL, *parent_label, *admitted_on, *community_site;
  JsonNode *node;

  if (current == NULL && !kv_admin_http_get_string (request->message, body, "id", &id))
    return NULL;
  /* "due" names the due list (GET /api/v1/families/due). */
  if (id != NULL && (!kv_booking_rules_check_id (id, NULL) || g_str_equal (id, "due")))
    {
      refuse (request, "bad-id", "id",
              "Field 'id' must be up to 64 ASCII letters, digits, '-', '_' or '.' "
              "(and not \"due\")");
      return NULL;
    }
  if (current == NULL)
    record->id = id != NULL ? g_strdup (id) : new_family_id ();

  if (!get_required (request, body, "parent_label", required, &parent_label) ||
      (parent_label != NULL && !check_label (request, "parent_label", parent_label)))
    return NULL;
  if (parent_label != NULL)
    {
      g_free (record->parent_label);
      record->parent_label = g_strdup (parent_label);
      g_ptr_array_add (out_changed, g_strdup ("parent_label"));
    }

  node = json_object_get_member (body, "children");
  if (node != NULL || required)
    {
      g_ptr_array_set_size (record->children, 0);
      if (!read_children (request, node, record->children))
        return NULL;
      g_ptr_array_add (out_changed, g_strdup ("children"));
    }

  if (!get_required (request, body, "admitted_on", required, &admitted_on))
    return NULL;
  if (admitted_on != NULL)
    {
      g_free (record->admitted_on);
      record->admitted_on = g_strdup (admitted_on);
      g_ptr_array_add (out_changed, g_strdup ("admitted_on"));
    }

  if (!get_required (request, body, "community_site", required, &community_site) ||
      (community_site != NULL && !check_site (request, community_site)))
    return NULL;
  if (community_site != NULL)
    {
      g_free (record->community_site);
      record->community_site = g_strdup (community_site);
      g_ptr_array_add (out_changed, g_strdup ("community_site"));
    }

  node = json_object_get_member (body, "prison_kiosks");
  if (node != NULL || required)
    {
      g_strfreev (record->prison_kiosks);
      g_strfreev (record->prison_kiosk_sites);
      record->prison_kiosks = record->prison_kiosk_sites = NULL;
      if (!read_kiosks (request, node, &record->prison_kiosks, &record->prison_kiosk_sites))
        {
          /* Left whole for the free. */
          record->prison_kiosks = g_new0 (char *, 1);
          record->prison_kiosk_sites = g_new0 (char *, 1);
          return NULL;
        }
      g_ptr_array_add (out_changed, g_strdup ("prison_kiosks"));
    }

  /* The admission day again if the kiosks (so the zone) changed. */
  if ((admitted_on != NULL || node != NULL) &&
      !check_admitted (request, record->admitted_on, record->prison_kiosk_sites[0]))
    return NULL;
  if (out_changed->len == 0)
    {
      refuse (request, "missing-field", NULL,
              "Give parent_label, children, admitted_on, community_site or prison_kiosks "
              "to change");
      return NULL;
    }
  if (!kv_family_view_is_covered (record, request->caller))
    {
      kv_admin_http_forbid (request, "Your account covers none of the family's sites");
      return NULL;
    }
  return g_steal_pointer (&record);
}

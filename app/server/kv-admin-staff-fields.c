/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-admin-staff-fields.h"

#include "kv-booking-rules.h"
#include "kv-staff-password.h"

#include <string.h>

/* The members of a staff account request, checked: each refusal is a 400
 * whose error names its field (kv_admin_http_respond_field_error()), so a
 * console can show it next to the field. Calls nothing of the admin API
 * back. */

/* "name": text of 1 to %KV_ADMIN_STAFF_MAX_NAME_CHARS characters, no control characters;
 * %NULL if missing and not @required. */
gboolean
kv_admin_staff_read_name (SoupServerMessage  *message,
                          JsonObject         *body,
                          gboolean            required,
                          const char        **out_name)
{
  if (!kv_admin_http_get_string (message, body, "name", out_name))
    return FALSE;
  if (*out_name == NULL && !required)
    return TRUE;
  if (*out_name == NULL || strspn (*out_name, " \t") == strlen (*out_name) ||
      g_utf8_strlen (*out_name, -1) > KV_ADMIN_STAFF_MAX_NAME_CHARS)
    {
      g_autofree char *text = g_strdup_printf ("Type the person's name (at most %d characters)",
                                               KV_ADMIN_STAFF_MAX_NAME_CHARS);

      kv_admin_http_respond_field_error (message, SOUP_STATUS_BAD_REQUEST, "bad-name", "name",
                                         text);
      return FALSE;
    }
  for (const char *p = *out_name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        kv_admin_http_respond_field_error (message, SOUP_STATUS_BAD_REQUEST, "bad-name", "name",
                                           "The name must not contain control characters");
        return FALSE;
      }
  return TRUE;
}

/* A JSON array of strings (%NULL if missing), or an answer. */
static gboolean
read_string_array (SoupServerMessage  *message,
                   JsonObject         *body,
                   const char         *field,
                   const char         *code,
                   GStrv              *out_values)
{
  JsonNode *node = json_object_get_member (body, field);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  *out_values = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    goto wrong_type;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        goto wrong_type;
      g_strv_builder_add (builder, json_node_get_string (element));
    }
  *out_values = g_strv_builder_end (builder);
  return TRUE;

wrong_type:
  {
    g_autofree char *text = g_strdup_printf ("Field '%s' must be a list of names", field);

    kv_admin_http_respond_field_error (message, SOUP_STATUS_BAD_REQUEST, code, field, text);
    return FALSE;
  }
}

/* "roles": known names, at least one; @out_present says whether the
 * member was there at all. */
gboolean
kv_admin_staff_read_roles (SoupServerMessage *message,
                           JsonObject        *body,
                           gboolean           required,
                           gboolean          *out_present,
                           KvStaffRoles      *out_roles)
{
  g_auto(GStrv) names = NULL;

  *out_roles = KV_STAFF_ROLE_NONE;
  if (!read_string_array (message, body, "roles", "bad-roles", &names))
    return FALSE;
  *out_present = names != NULL;
  if (names == NULL && !required)
    return TRUE;
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      KvStaffRoles role;

      if (!kv_staff_role_from_string (names[i], &role))
        {
          g_autofree char *text = NULL;

          text = g_strdup_printf ("Unknown role \"%.32s\": the roles are officer, coordinator, "
                                  "scheduler and admin", names[i]);
          kv_admin_http_respond_field_error (message, SOUP_STATUS_BAD_REQUEST, "bad-roles",
                                             "roles", text);
          return FALSE;
        }
      *out_roles |= role;
    }
  if (*out_roles == KV_STAFF_ROLE_NONE)
    {
      kv_admin_http_respond_field_error (message, SOUP_STATUS_BAD_REQUEST, "bad-roles", "roles",
                                         "Give the account at least one role");
      return FALSE;
    }
  return TRUE;
}

/* "sites": sites that exist; %NULL if the member is missing. */
gboolean
kv_admin_staff_read_sites (KvStore           *store,
                           SoupServerMessage *message,
                           JsonObject        *body,
                           GStrv             *out_sites)
{
  if (!read_string_array (message, body, "sites", "bad-sites", out_sites))
    return FALSE;
  for (guint i = 0; *out_sites != NULL && (*out_sites)[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!kv_booking_rules_check_id ((*out_sites)[i], NULL) ||
          !kv_store_has_site (store, (*out_sites)[i], &error))
        {
          g_autofree char *text = NULL;

          if (error != NULL && !g_error_matches (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND))
            {
              kv_admin_http_respond_gerror (message, error);
              return FALSE;
            }
          text = g_strdup_printf ("No site \"%.64s\"", (*out_sites)[i]);
          kv_admin_http_respond_field_error (message, SOUP_STATUS_BAD_REQUEST, "bad-sites",
                                             "sites", text);
          g_clear_pointer (out_sites, g_strfreev);
          return FALSE;
        }
    }
  return TRUE;
}

/* "password": a new password (kv_staff_password_check()). */
gboolean
kv_admin_staff_read_password (SoupServerMessage  *message,
                              JsonObject         *body,
                              const char        **out_password)
{
  g_autoptr(GError) error = NULL;

  if (!kv_admin_http_get_string (message, body, "password", out_password))
    return FALSE;
  if (*out_password == NULL)
    {
      kv_admin_http_respond_field_error (message, SOUP_STATUS_BAD_REQUEST, "bad-password",
                                         "password", "Type a password for the account");
      return FALSE;
    }
  if (!kv_staff_password_check (*out_password, &error))
    {
      kv_admin_http_respond_field_error (message, SOUP_STATUS_BAD_REQUEST, "bad-password",
                                         "password", error->message);
      return FALSE;
    }
  return TRUE;
}

/**
 * kv_admin_staff_add_identity:
 * @builder: a builder inside an object
 * @staff: an account
 *
 * Adds who the account is, as every answer about one shows it: `id`,
 * `name`, `roles` and `sites`.
 */
void
kv_admin_staff_add_identity (JsonBuilder         *builder,
                             const KvStaffRecord *staff)
{
  kv_admin_http_add_string (builder, "id", staff->id);
  kv_admin_http_add_string (builder, "name", staff->display_name);
  json_builder_set_member_name (builder, "roles");
  json_builder_begin_array (builder);
  for (KvStaffRoles role = KV_STAFF_ROLE_OFFICER; role <= KV_STAFF_ROLE_ADMIN; role <<= 1)
    if (staff->roles & role)
      json_builder_add_string_value (builder, kv_staff_role_to_string (role));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "sites");
  json_builder_begin_array (builder);
  for (guint i = 0; staff->sites[i] != NULL; i++)
    json_builder_add_string_value (builder, staff->sites[i]);
  json_builder_end_array (builder);
}

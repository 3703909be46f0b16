/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-console-board.h"

#include "kv-admin-http.h"

/* The staff console's Today board, as one JSON object: every kiosk with
 * whether it is signed in, and every visit between its join window and its
 * end with who is present and confirmed. What the console's event stream
 * (#KvConsoleEvents) sends; built from what the signalling handler and the
 * store know now, never stored.
 *
 *   {"kiosks":[{"id","role","label","online"}],
 *    "visits":[{"booking","state","prison","community","prison_label",
 *               "community_label","start","end","goodbye","present":[sides],
 *               "confirmed":[sides],"supervised","lost_s"}],
 *    "upcoming":[{"booking","prison","community","prison_label",
 *                 "community_label","start","end"}]}
 *
 * "upcoming" are the bookings of the next %KV_CONSOLE_BOARD_UPCOMING_HOURS
 * whose join window has not opened, by start: what each kiosk does next.
 */

static void
add_sides (JsonBuilder *builder,
           const char  *name,
           KvSideFlags  sides)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  if (sides & KV_SIDE_PRISON)
    json_builder_add_string_value (builder, kv_role_to_string (KV_ROLE_PRISON));
  if (sides & KV_SIDE_COMMUNITY)
    json_builder_add_string_value (builder, kv_role_to_string (KV_ROLE_COMMUNITY));
  json_builder_end_array (builder);
}

static gboolean
covers_site (const char * const *sites,
             const char         *site_id)
{
  return sites == NULL || (site_id != NULL && g_strv_contains (sites, site_id));
}

static void
add_visit (JsonBuilder *builder,
           KvSession   *session)
{
  const KvBooking *booking = kv_session_get_booking (session);

  json_builder_begin_object (builder);
  kv_admin_http_add_string (builder, "booking", booking->id);
  kv_admin_http_add_string (builder, "state",
                            kv_session_state_to_string (kv_session_get_state (session)));
  kv_admin_http_add_string (builder, "prison", booking->prison_kiosk);
  kv_admin_http_add_string (builder, "community", booking->community_kiosk);
  kv_admin_http_add_string (builder, "prison_label", booking->prison_label);
  kv_admin_http_add_string (builder, "community_label", booking->community_label);
  kv_admin_http_add_time (builder, "start", booking->start_us);
  kv_admin_http_add_time (builder, "end", kv_session_get_end_time (session));
  kv_admin_http_add_time (builder, "goodbye", kv_session_get_goodbye_time (session));
  add_sides (builder, "present", kv_session_get_present (session));
  add_sides (builder, "confirmed", kv_session_get_confirmed (session));
  json_builder_set_member_name (builder, "supervised");
  json_builder_add_boolean_value (builder, kv_session_get_supervised (session));
  kv_admin_http_add_int (builder, "lost_s", kv_session_get_lost_us (session) / G_USEC_PER_SEC);
  json_builder_end_object (builder);
}

/**
 * kv_console_board_build:
 * @sites: (nullable): the sites whose kiosks the caller sees; %NULL for
 *   every site
 *
 * Shows the kiosks of @sites (a kiosk on no site only to callers of
 * every site, as kv_admin_caller_covers_site() decides), and the visits
 * with a kiosk among them.
 *
 * Returns: (transfer full) (nullable): the board as JSON text, or %NULL
 *   if the kiosks could not be read
 */
char *
kv_console_board_build (KvStore             *store,
                        KvSignallingHandler *handler,
                        gint64               now_us,
                        const char * const  *sites,
                        GError             **error)
{
  g_autoptr(GPtrArray) kiosks = kv_store_list_kiosks (store, error);
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) shown = NULL;   /* kiosk ids on the board */
  g_autoptr(GHashTable) open = NULL;    /* booking ids among the visits */
  g_autoptr(GPtrArray) upcoming = NULL;

  if (kiosks == NULL)
    return NULL;
  upcoming = kv_store_list_bookings (store, NULL, now_us,
                                     now_us + KV_CONSOLE_BOARD_UPCOMING_HOURS * G_TIME_SPAN_HOUR,
                                     FALSE, error);
  if (upcoming == NULL)
    return NULL;
  open = g_hash_table_new (g_str_hash, g_str_equal);
  sessions = kv_signalling_handler_list_active_sessions (handler);
  shown = g_hash_table_new (g_str_hash, g_str_equal);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kiosks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < kiosks->len; i++)
    {
      const KvKioskRecord *kiosk = g_ptr_array_index (kiosks, i);

      if (kiosk->revoked_us != 0 || !covers_site (sites, kiosk->site_id))
        continue;
      g_hash_table_add (shown, kiosk->id);
      json_builder_begin_object (builder);
      kv_admin_http_add_string (builder, "id", kiosk->id);
      kv_admin_http_add_string (builder, "role", kv_role_to_string (kiosk->role));
      kv_admin_http_add_string (builder, "label", kiosk->label);
      kv_admin_http_add_string (builder, "site", kiosk->site_id);
      json_builder_set_member_name (builder, "online");
      json_builder_add_boolean_value (builder,
                                      kv_signalling_handler_is_signed_in (handler, kiosk->id));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "visits");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sessions->len; i++)
    {
      KvSession *session = g_ptr_array_index (sessions, i);
      const KvBooking *booking = kv_session_get_booking (session);

      g_hash_table_add (open, booking->id);
      if (g_hash_table_contains (shown, booking->prison_kiosk) ||
          g_hash_table_contains (shown, booking->community_kiosk))
        add_visit (builder, session);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "upcoming");
  json_builder_begin_array (builder);
  for (guint i = 0; i < upcoming->len; i++)
    {
      const KvBookingRecord *record = g_ptr_array_index (upcoming, i);
      const KvBooking *booking = record->booking;

      if (record->cancelled_us != 0 || booking->start_us < now_us ||
          g_hash_table_contains (open, booking->id) ||
          (!g_hash_table_contains (shown, booking->prison_kiosk) &&
           !g_hash_table_contains (shown, booking->community_kiosk)))
        continue;
      json_builder_begin_object (builder);
      kv_admin_http_add_string (builder, "booking", booking->id);
      kv_admin_http_add_string (builder, "prison", booking->prison_kiosk);
      kv_admin_http_add_string (builder, "community", booking->community_kiosk);
      kv_admin_http_add_string (builder, "prison_label", booking->prison_label);
      kv_admin_http_add_string (builder, "community_label", booking->community_label);
      kv_admin_http_add_time (builder, "start", booking->start_us);
      kv_admin_http_add_time (builder, "end", booking->end_us);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

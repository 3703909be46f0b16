/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-attack-kiosk.h"
#include "kv-hostile-command.h"
#include "kv-hostile-monitor.h"
#include "kv-hostile-test.h"
#include "kv-raw-http.h"
#include "kv-raw-socket.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

/* Misuse by those who hold a valid credential: a signed-in kiosk that sends
 * what it may not, and staff who give a time without a zone. */

#define DAY (G_GINT64_CONSTANT (24) * 60 * 60 * G_USEC_PER_SEC)

static char *
format_day (gint64 time_us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);

  return g_date_time_format (time, "%Y-%m-%d");
}

/* The state and outcome of booking @id (on @day) as the admin API lists it;
 * FALSE if it is not listed. */
static gboolean
lookup_booking (KvHostileServer  *server,
                const char       *id,
                gint64            day_us,
                char            **out_state,
                char            **out_outcome)
{
  g_autofree char *day = format_day (day_us);
  g_autofree char *path = g_strdup_printf ("/api/v1/bookings?kiosk=prison-2&day=%s", day);
  g_autoptr(KvRawResponse) response =
    kv_raw_http_request (NULL, server->port, "GET", path, KV_HOSTILE_ADMIN_TOKEN, NULL,
                         1024 * 1024, kv_raw_deadline_ms (2000), NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonArray *bookings;

  if (response == NULL || response->status != 200 ||
      !json_parser_load_from_data (parser, g_bytes_get_data (response->body, NULL),
                                   g_bytes_get_size (response->body), NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "bookings"))
    return FALSE;
  bookings = json_object_get_array_member (json_node_get_object (root), "bookings");
  for (guint i = 0; i < json_array_get_length (bookings); i++)
    {
      JsonObject *booking = json_array_get_object_element (bookings, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (booking, "id", ""), id) == 0)
        {
          *out_state = g_strdup (json_object_get_string_member_with_default (booking, "state", ""));
          *out_outcome = g_strdup (json_object_get_string_member_with_default (booking, "outcome",
                                                                               ""));
          return TRUE;
        }
    }
  return FALSE;
}

/* Every message is authorised for the session's state and the sender's
 * side: staff_end (even a safeguarding stop) and pause are for a visit
 * under way (not next week's), offers come from the prison kiosk only, the
 * child's alert from the community kiosk only and to nobody. Nothing
 * refused takes effect or is relayed. */
static void
test_kiosk_abuse (void)
{
  g_autoptr(KvHostileServer) server = kv_hostile_server_start (NULL);
  KvHostileMonitor *monitor = kv_hostile_monitor_start (server, "kiosk-abuse");
  KvKioskAbuseResult result;
  KvHostileReport report;
  g_autofree char *state = NULL;
  g_autofree char *outcome = NULL;
  gboolean listed;

  kv_attack_kiosk_abuse (server, &result);
  listed = lookup_booking (server, KV_HOSTILE_ABUSE_NEXT_WEEK_BOOKING, server->next_week_start_us,
                           &state, &outcome);
  kv_hostile_monitor_finish (monitor, &report);

  g_test_message ("kiosk abuse: staff_end for next week's visit answered %s%s, which is now %s/%s; "
                  "the community's sdp offer answered %s, %s to the prison kiosk%s%s",
                  result.staff_end_answer, result.staff_end_took_effect ? " and ENDED it" : "",
                  state, outcome, result.sdp_answer,
                  result.sdp_relayed ? "RELAYED" : "not relayed",
                  result.detail != NULL ? "; " : "", result.detail != NULL ? result.detail : "");
  g_assert_null (result.detail);
  g_assert_cmpstr (result.staff_end_answer, ==, "invalid-state");
  g_assert_false (result.staff_end_took_effect);
  g_assert_cmpstr (result.pause_answer, ==, "invalid-state");
  g_assert_cmpstr (result.alert_answer, ==, "forbidden");
  g_assert_false (result.alert_heard);
  g_assert_true (listed);
  g_assert_cmpstr (state, ==, "scheduled");
  g_assert_cmpstr (outcome, ==, "none");
  g_assert_true (g_strcmp0 (result.sdp_answer, "forbidden") == 0 ||
                 g_strcmp0 (result.sdp_answer, "invalid-state") == 0);
  g_assert_false (result.sdp_relayed);
  g_assert_true (result.marker_relayed);
  kv_hostile_report_assert_bounds (&report);

  kv_kiosk_abuse_result_clear (&result);
  kv_hostile_report_clear (&report);
}

/* "10:00" means nothing without a zone: the site's, the server's, UTC?
 * Refused (400 bad-time) rather than guessed, by the API and by
 * kinvisitctl, which says so. */
static void
test_times_without_zone (void)
{
  g_autoptr(KvHostileServer) server = kv_hostile_server_start (NULL);
  g_autofree char *api_day = format_day (g_get_real_time () + 8 * DAY);
  g_autofree char *ctl_day = format_day (g_get_real_time () + 9 * DAY);
  g_autofree char *body = g_strdup_printf ("{\"prison\":\"prison-2\",\"community\":\"community-2\","
                                           "\"start\":\"%sT10:00:00\",\"minutes\":30,"
                                           "\"prison_label\":\"Dad\",\"community_label\":\"Lena\"}",
                                           api_day);
  g_autofree char *ctl_start = g_strdup_printf ("%sT10:00:00", ctl_day);
  g_autofree char *token_path = g_build_filename (server->dir, "admin.token", NULL);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", server->port);
  g_autofree char *ctl = kv_hostile_server_binary ("kinvisitctl");
  g_autofree char *code = NULL;
  g_autofree char *lower = NULL;
  g_autoptr(KvRawResponse) response = NULL;
  KvCommandResult run;

  response = kv_raw_http_request (NULL, server->port, "POST", "/api/v1/bookings",
                                  KV_HOSTILE_ADMIN_TOKEN, body, 64 * 1024,
                                  kv_raw_deadline_ms (2000), NULL);
  g_assert_nonnull (response);
  if (response != NULL)
    {
      code = kv_raw_response_error_code (response);
      g_test_message ("POST /api/v1/bookings with start %sT10:00:00: HTTP %u (%s)", api_day,
                      response->status, code);
      g_assert_cmpuint (response->status, ==, 400);
      g_assert_cmpstr (code, ==, "bad-time");
    }

  g_assert_true (g_file_set_contents (token_path, KV_HOSTILE_ADMIN_TOKEN "\n", -1, NULL));
  g_chmod (token_path, 0600);
  {
    const char * const argv[] = { ctl, "--server", url, "--token-file", token_path,
                                  "booking", "add", "--prison", "prison-2",
                                  "--community", "community-2",
                                  "--start", ctl_start, "--minutes", "30", NULL };

    kv_hostile_run (argv, NULL, FALSE, 10000, &run);
  }
  g_test_message ("kinvisitctl booking add --start %s: exit %d: %s", ctl_start, run.exit_status,
                  run.output);
  g_assert_true (run.finished);
  g_assert_cmpint (run.exit_status, !=, 0);
  lower = g_ascii_strdown (run.output, -1);
  g_assert_nonnull (strstr (lower, "zone"));
  kv_command_result_clear (&run);
}

int
main (int    argc,
      char **argv)
{
  kv_hostile_test_init (&argc, &argv);

  g_test_add_func ("/hostile/misuse/kiosk-abuse", test_kiosk_abuse);
  g_test_add_func ("/hostile/misuse/times-without-zone", test_times_without_zone);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-protocol.h"
#include "kv-protocol-private.h"
#include "kv-core-enums.h"

#include <glib.h>
#include <json-glib/json-glib.h>
#include <string.h>

/* Tests of the kiosk <-> server protocol codec: what goes over the wire for
 * each message, that every message survives a round trip, that every bad
 * message gets its specific error code and a message naming the field, and
 * that docs/protocol.md and tests/data/protocol agree with the code. */

/* 2026-11-22T10:00:00Z */
#define T0 G_GINT64_CONSTANT (1795341600000000)
#define MS G_GINT64_CONSTANT (1000)
#define MINUTE_US (60 * 1000 * MS)
#define VALID_TOKEN "q8Vd3kR0_zXw-7LmN2pT5sYb9uCe4HfA"

/* Helpers */

static char *
get_data_path (const char *first,
               ...)
{
  const char *root = g_getenv ("KV_SOURCE_ROOT");
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list args;

  g_assert_nonnull (root);
  g_ptr_array_add (parts, (gpointer) root);
  g_ptr_array_add (parts, (gpointer) first);
  va_start (args, first);
  for (const char *part = va_arg (args, const char *); part != NULL;
       part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);

  return g_build_filenamev ((char **) parts->pdata);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* File names in @dir_path ending in @suffix, sorted so failures are stable. */
static GPtrArray *
list_files (const char *dir_path,
            const char *suffix)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, suffix))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  return names;
}

static KvMessage *
parse_ok (const char *json)
{
  g_autoptr(GError) error = NULL;
  KvMessage *message = kv_message_parse (json, strlen (json), &error);

  g_assert_no_error (error);
  g_assert_nonnull (message);
  return message;
}

/* Serializes, parses the result and checks nothing changed; returns the
 * wire text so callers can check it too. */
static char *
assert_round_trip (const KvMessage *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvMessage) parsed = NULL;
  g_autoptr(KvMessage) copy = NULL;
  g_autofree char *copy_json = NULL;
  char *json;
  gsize length = 0;

  json = kv_message_serialize (message, &length);
  g_assert_nonnull (json);
  g_assert_cmpuint (length, ==, strlen (json));
  g_assert_true (g_str_has_prefix (json, "{\"type\":\""));

  parsed = kv_message_parse (json, length, &error);
  g_assert_no_error (error);
  g_assert_cmpint (parsed->type, ==, message->type);
  if (!kv_message_equal (message, parsed))
    g_error ("round trip changed %s: %s", kv_message_type_to_string (message->type), json);

  copy = kv_message_copy (message);
  g_assert_true (kv_message_equal (message, copy));
  copy_json = kv_message_serialize (copy, NULL);
  g_assert_cmpstr (copy_json, ==, json);

  return json;
}

#define ROSTER_HASH "$argon2id$v=19$m=16384,t=2,p=1$H8Pg+kCAo0QLEKw6TT2CDg$" \
                    "KNqHCrZ/JB6RAOmFHcJC/s/87biSdSrydN1yUGwxobg"

/* One filled-in message of each type, with awkward but valid values. */
static KvMessage *
make_message (KvMessageType type)
{
  KvMessage *m = kv_message_new (type);

  switch (type)
    {
    case KV_MESSAGE_HELLO:
      m->hello.token = g_strdup (VALID_TOKEN);
      m->hello.software = g_strdup ("kinvisit-kiosk 0.1.0 \"test\" \\ build");
      break;
    case KV_MESSAGE_WELCOME:
      m->welcome.kiosk_id = g_strdup ("hmp-leeds-room-2");
      m->welcome.role = KV_ROLE_PRISON;
      m->welcome.kiosk_label = g_strdup ("Salle de visite n°2 — 👋");
      m->welcome.server_time_us = T0 - 250 * MS;
      break;
    case KV_MESSAGE_PING:
      m->ping.client_time_us = 0;  /* a kiosk without a real-time clock */
      break;
    case KV_MESSAGE_PONG:
      m->pong.client_time_us = T0 + 125 * MS;
      m->pong.server_time_us = T0 - 1 * MS;
      break;
    case KV_MESSAGE_SCHEDULE:
      m->schedule.server_time_us = T0 - 10 * MINUTE_US;
      g_ptr_array_add (m->schedule.bookings,
                       kv_booking_new ("b-1", "", "", T0, T0 + 30 * MINUTE_US, "Dad", "Lena",
                                       KV_AGE_BAND_4_7));
      g_ptr_array_add (m->schedule.bookings,
                       kv_booking_new ("b_2", "", "", T0 + 7 * 24 * 60 * MINUTE_US,
                                       T0 + 7 * 24 * 60 * MINUTE_US + 20 * MINUTE_US,
                                       "Mamá", "", KV_AGE_BAND_UNSPECIFIED));
      break;
    case KV_MESSAGE_JOIN:
      {
        KvIceServer *stun = g_new0 (KvIceServer, 1);
        KvIceServer *turn = g_new0 (KvIceServer, 1);

        m->join.booking_id = g_strdup ("b-1");
        m->join.offerer = TRUE;
        m->join.start_us = T0;
        m->join.end_us = T0 + 30 * MINUTE_US;
        m->join.goodbye_us = 60 * 1000 * MS;
        m->join.cues[0] = 900;
        m->join.cues[1] = 300;
        m->join.cues[2] = 120;
        m->join.n_cues = 3;
        stun->urls = g_ptr_array_new_with_free_func (g_free);
        g_ptr_array_add (stun->urls, g_strdup ("stun:stun.example.org"));
        turn->urls = g_ptr_array_new_with_free_func (g_free);
        g_ptr_array_add (turn->urls, g_strdup ("turn:turn.example.org:3478?transport=udp"));
        g_ptr_array_add (turn->urls, g_strdup ("turn:turn.example.org:443?transport=tcp"));
        turn->username = g_strdup ("1795341600:kiosk");
        turn->credential = g_strdup ("c2VjcmV0/+=");
        g_ptr_array_add (m->join.ice_servers, stun);
        g_ptr_array_add (m->join.ice_servers, turn);
        break;
      }
    case KV_MESSAGE_PRESENCE:
      m->presence.booking_id = g_strdup ("b-1");
      m->presence.present = TRUE;
      m->presence.supervised = TRUE;
      break;
    case KV_MESSAGE_CONFIRM:
      m->confirm.booking_id = g_strdup ("B-1_x");
      break;
    case KV_MESSAGE_SESSION:
      m->session.booking_id = g_strdup ("b-1");
      m->session.state = KV_SESSION_STATE_GOODBYE;
      m->session.start_us = T0;
      m->session.end_us = T0 + 32 * MINUTE_US;
      m->session.goodbye_us = T0 + 31 * MINUTE_US;
      m->session.present = KV_SIDE_BOTH;
      m->session.confirmed = KV_SIDE_COMMUNITY;
      m->session.lost_us = 95 * 1000 * MS + 1 * MS;
      m->session.makeup_us = 2 * MINUTE_US;
      m->session.outcome = KV_OUTCOME_NONE;
      m->session.paused = KV_SIDE_COMMUNITY;
      m->session.pause_category = KV_PAUSE_CATEGORY_CHILD_NEEDS_A_MOMENT;
      m->session.muted = KV_SIDE_PRISON;
      m->session.supervised = TRUE;
      m->session.end_category = KV_END_CATEGORY_FINISHED_EARLY;
      break;
    case KV_MESSAGE_START:
      m->start.booking_id = g_strdup ("b-1");
      m->start.end_us = T0 + 30 * MINUTE_US;
      break;
    case KV_MESSAGE_CUE:
      m->cue.booking_id = g_strdup ("b-1");
      m->cue.seconds_left = 900;
      m->cue.half_way = TRUE;
      break;
    case KV_MESSAGE_GOODBYE:
      m->goodbye.booking_id = g_strdup ("b-1");
      m->goodbye.end_us = T0 + 30 * MINUTE_US + 999 * MS;
      m->goodbye.category = KV_END_CATEGORY_ADULT_UNWELL;
      break;
    case KV_MESSAGE_END:
      m->end.booking_id = g_strdup ("b-1");
      m->end.outcome = KV_OUTCOME_TECHNICAL_FAILURE;
      m->end.absent = KV_SIDE_PRISON;
      m->end.reason = g_strdup ("Line one\nline\ttwo \"quoted\"");
      m->end.lost_us = 3 * MINUTE_US;
      break;
    case KV_MESSAGE_STAFF_END:
      m->staff_end.booking_id = g_strdup ("b-1");
      m->staff_end.reason = g_strdup ("Safeguarding concern");
      m->staff_end.category = KV_END_CATEGORY_SAFEGUARDING;
      break;
    case KV_MESSAGE_PAUSE:
      m->pause.booking_id = g_strdup ("b-1");
      m->pause.paused = TRUE;
      m->pause.category = KV_PAUSE_CATEGORY_ADULT_NEEDS_A_MOMENT;
      m->pause.staff_id = g_strdup ("ana.horvat");
      break;
    case KV_MESSAGE_MUTE:
      m->mute.booking_id = g_strdup ("b-1");
      m->mute.muted = TRUE;
      break;
    case KV_MESSAGE_CHILD_ALERT:
      m->child_alert.booking_id = g_strdup ("b-1");
      break;
    case KV_MESSAGE_MEDIA:
      m->media.booking_id = g_strdup ("b-1");
      m->media.flowing = FALSE;
      break;
    case KV_MESSAGE_SDP:
      m->sdp.booking_id = g_strdup ("b-1");
      m->sdp.generation = 3;
      m->sdp.sdp_type = KV_SDP_ANSWER;
      m->sdp.sdp = g_strdup ("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
      break;
    case KV_MESSAGE_ICE:
      m->ice.booking_id = g_strdup ("b-1");
      m->ice.generation = 3;
      m->ice.mline_index = 1;
      m->ice.candidate = g_strdup ("candidate:1 1 UDP 2015363327 127.0.0.1 50405 typ host");
      break;
    case KV_MESSAGE_ERROR:
      m->error.code = KV_PROTOCOL_ERROR_RATE_LIMITED;
      m->error.message = g_strdup ("slow down");
      m->error.in_reply_to = g_strdup ("ping");
      break;
    case KV_MESSAGE_STAFF_ROSTER:
      m->staff_roster.time_zone = g_strdup ("America/Argentina/Buenos_Aires");
      g_ptr_array_add (m->staff_roster.staff,
                       kv_roster_entry_new ("ana.horvat", "Ana Horvat \"Šefica\" 👮",
                                            ROSTER_HASH));
      g_ptr_array_add (m->staff_roster.staff,
                       kv_roster_entry_new ("o-1_2", "O", ROSTER_HASH));
      break;
    default:
      g_assert_not_reached ();
    }

  return m;
}

/* Names and directions */

static void
test_error_names (void)
{
  GEnumClass *klass = g_type_class_ref (KV_TYPE_PROTOCOL_ERROR);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < klass->n_values; i++)
    {
      KvProtocolError code = klass->values[i].value;
      const char *name = kv_protocol_error_to_string (code);
      KvProtocolError back = -1;

      g_assert_nonnull (name);
      /* kebab-case on the wire */
      for (const char *p = name; *p != '\0'; p++)
        g_assert_true (g_ascii_islower (*p) || *p == '-');
      g_assert_true (g_hash_table_add (seen, (gpointer) name));
      g_assert_true (kv_protocol_error_from_string (name, &back));
      g_assert_cmpint (back, ==, code);
    }
  g_assert_cmpstr (kv_protocol_error_to_string (KV_PROTOCOL_ERROR_TOO_LARGE), ==, "too-large");
  g_assert_cmpstr (kv_protocol_error_to_string (KV_PROTOCOL_ERROR_UNSUPPORTED_VERSION), ==,
                   "unsupported-version");
  g_assert_false (kv_protocol_error_from_string ("too_large", NULL));
  g_assert_false (kv_protocol_error_from_string ("", NULL));
  g_assert_false (kv_protocol_error_from_string (NULL, NULL));

  g_type_class_unref (klass);
}

static void
test_type_names (void)
{
  guint n_from_kiosk = 0, n_from_server = 0;

  for (KvMessageType t = 0; t < KV_MESSAGE_N_TYPES; t++)
    {
      const char *name = kv_message_type_to_string (t);
      KvMessageType back = -1;

      g_assert_nonnull (name);
      g_assert_true (kv_message_type_from_string (name, &back));
      g_assert_cmpint (back, ==, t);
      /* Every message goes at least one way. */
      g_assert_true (kv_message_type_is_from_kiosk (t) || kv_message_type_is_from_server (t));
      n_from_kiosk += kv_message_type_is_from_kiosk (t);
      n_from_server += kv_message_type_is_from_server (t);
    }
  g_assert_cmpstr (kv_message_type_to_string (KV_MESSAGE_STAFF_END), ==, "staff_end");
  g_assert_false (kv_message_type_from_string ("staff-end", NULL));
  g_assert_false (kv_message_type_from_string ("HELLO", NULL));

  /* The authorisation rules depend on these being exact. */
  g_assert_true (kv_message_type_is_from_kiosk (KV_MESSAGE_HELLO));
  g_assert_false (kv_message_type_is_from_server (KV_MESSAGE_HELLO));
  g_assert_true (kv_message_type_is_from_kiosk (KV_MESSAGE_STAFF_END));
  g_assert_false (kv_message_type_is_from_server (KV_MESSAGE_STAFF_END));
  g_assert_false (kv_message_type_is_from_kiosk (KV_MESSAGE_START));
  g_assert_false (kv_message_type_is_from_kiosk (KV_MESSAGE_END));
  g_assert_false (kv_message_type_is_from_kiosk (KV_MESSAGE_ERROR));
  g_assert_true (kv_message_type_is_from_kiosk (KV_MESSAGE_SDP));
  g_assert_true (kv_message_type_is_from_server (KV_MESSAGE_SDP));
  g_assert_true (kv_message_type_is_from_kiosk (KV_MESSAGE_ICE));
  g_assert_true (kv_message_type_is_from_server (KV_MESSAGE_ICE));
  g_assert_true (kv_message_type_is_from_kiosk (KV_MESSAGE_PAUSE));
  g_assert_false (kv_message_type_is_from_server (KV_MESSAGE_PAUSE));
  g_assert_true (kv_message_type_is_from_kiosk (KV_MESSAGE_MUTE));
  g_assert_false (kv_message_type_is_from_server (KV_MESSAGE_MUTE));
  /* Never relayed: the prison kiosk must not hear of a child's alert. */
  g_assert_true (kv_message_type_is_from_kiosk (KV_MESSAGE_CHILD_ALERT));
  g_assert_false (kv_message_type_is_from_server (KV_MESSAGE_CHILD_ALERT));
  g_assert_cmpstr (kv_message_type_to_string (KV_MESSAGE_CHILD_ALERT), ==, "child_alert");
  g_assert_cmpuint (kv_message_type_get_min_version (KV_MESSAGE_PAUSE), ==, 2);
  g_assert_cmpuint (kv_message_type_get_min_version (KV_MESSAGE_MUTE), ==, 2);
  g_assert_cmpuint (kv_message_type_get_min_version (KV_MESSAGE_CHILD_ALERT), ==, 2);
  g_assert_cmpuint (kv_message_type_get_min_version (KV_MESSAGE_STAFF_END), ==, 1);
  /* Only the server says who may open a kiosk's staff panel. */
  g_assert_false (kv_message_type_is_from_kiosk (KV_MESSAGE_STAFF_ROSTER));
  g_assert_true (kv_message_type_is_from_server (KV_MESSAGE_STAFF_ROSTER));
  g_assert_cmpstr (kv_message_type_to_string (KV_MESSAGE_STAFF_ROSTER), ==, "staff_roster");
  g_assert_cmpuint (kv_message_type_get_min_version (KV_MESSAGE_STAFF_ROSTER), ==, 3);
  g_assert_cmpuint (n_from_kiosk, ==, 11);
  g_assert_cmpuint (n_from_server, ==, 13);
}

/* Round trips and wire text */

static void
test_round_trip (gconstpointer data)
{
  KvMessageType type = GPOINTER_TO_UINT (data);
  g_autoptr(KvMessage) message = make_message (type);
  g_autofree char *json = assert_round_trip (message);
  g_autofree char *type_field = g_strdup_printf ("{\"type\":\"%s\"",
                                                 kv_message_type_to_string (type));

  g_assert_true (g_str_has_prefix (json, type_field));
  g_assert_cmpuint (strlen (json), <=, KV_PROTOCOL_MAX_MESSAGE_SIZE);
  g_assert_cmpstr (kv_message_get_booking_id (message), ==,
                   type == KV_MESSAGE_CONFIRM ? "B-1_x" :
                   (type == KV_MESSAGE_HELLO || type == KV_MESSAGE_WELCOME ||
                    type == KV_MESSAGE_PING || type == KV_MESSAGE_PONG ||
                    type == KV_MESSAGE_SCHEDULE || type == KV_MESSAGE_ERROR ||
                    type == KV_MESSAGE_STAFF_ROSTER) ? NULL : "b-1");
  g_assert_cmpstr (kv_message_get_staff_id (message), ==,
                   type == KV_MESSAGE_PAUSE ? "ana.horvat" : NULL);
}

static void
test_wire_text (void)
{
  struct { KvMessageType type; const char *json; } cases[] = {
    { KV_MESSAGE_PING, "{\"type\":\"ping\",\"client_time\":\"1970-01-01T00:00:00Z\"}" },
    { KV_MESSAGE_PONG, "{\"type\":\"pong\",\"client_time\":\"2026-11-22T10:00:00.125Z\","
                       "\"server_time\":\"2026-11-22T09:59:59.999Z\"}" },
    { KV_MESSAGE_SESSION, "{\"type\":\"session\",\"booking\":\"b-1\",\"state\":\"goodbye\","
                          "\"start\":\"2026-11-22T10:00:00Z\",\"end\":\"2026-11-22T10:32:00Z\","
                          "\"goodbye\":\"2026-11-22T10:31:00Z\","
                          "\"present\":[\"prison\",\"community\"],"
                          "\"confirmed\":[\"community\"],\"lost_ms\":95001,\"makeup_ms\":120000,"
                          "\"outcome\":\"none\",\"paused\":[\"community\"],"
                          "\"pause_category\":\"child-needs-a-moment\",\"muted\":[\"prison\"],"
                          "\"supervised\":true,\"end_category\":\"finished-early\"}" },
    { KV_MESSAGE_PAUSE, "{\"type\":\"pause\",\"booking\":\"b-1\",\"paused\":true,"
                        "\"category\":\"adult-needs-a-moment\",\"staff\":\"ana.horvat\"}" },
    { KV_MESSAGE_STAFF_ROSTER, "{\"type\":\"staff_roster\","
                               "\"time_zone\":\"America/Argentina/Buenos_Aires\",\"staff\":["
                               "{\"id\":\"ana.horvat\",\"name\":\"Ana Horvat \\\"Šefica\\\" 👮\","
                               "\"pin_hash\":\"" ROSTER_HASH "\"},"
                               "{\"id\":\"o-1_2\",\"name\":\"O\",\"pin_hash\":\""
                               ROSTER_HASH "\"}]}" },
    { KV_MESSAGE_MUTE, "{\"type\":\"mute\",\"booking\":\"b-1\",\"muted\":true}" },
    { KV_MESSAGE_CHILD_ALERT, "{\"type\":\"child_alert\",\"booking\":\"b-1\"}" },
    { KV_MESSAGE_STAFF_END, "{\"type\":\"staff_end\",\"booking\":\"b-1\","
                            "\"reason\":\"Safeguarding concern\",\"category\":\"safeguarding\"}" },
    { KV_MESSAGE_PRESENCE, "{\"type\":\"presence\",\"booking\":\"b-1\",\"present\":true,"
                           "\"supervised\":true}" },
    { KV_MESSAGE_END, "{\"type\":\"end\",\"booking\":\"b-1\",\"outcome\":\"technical-failure\","
                      "\"absent\":[\"prison\"],\"reason\":\"Line one\\nline\\ttwo \\\"quoted\\\"\","
                      "\"lost_ms\":180000}" },
    { KV_MESSAGE_SDP, "{\"type\":\"sdp\",\"booking\":\"b-1\",\"generation\":3,"
                      "\"sdp_type\":\"answer\","
                      "\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\n\"}" },
    { KV_MESSAGE_ERROR, "{\"type\":\"error\",\"code\":\"rate-limited\",\"message\":\"slow down\","
                        "\"in_reply_to\":\"ping\"}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KvMessage) message = make_message (cases[i].type);
      g_autofree char *json = kv_message_serialize (message, NULL);

      g_assert_cmpstr (json, ==, cases[i].json);
    }
}

static void
test_optional_fields (void)
{
  g_autoptr(KvMessage) hello = kv_message_new (KV_MESSAGE_HELLO);
  g_autoptr(KvMessage) parsed = NULL;
  g_autofree char *json = NULL;

  /* Unset optional fields are left out, and come back unset. */
  hello->hello.token = g_strdup (VALID_TOKEN);
  json = kv_message_serialize (hello, NULL);
  g_assert_cmpstr (json, ==, "{\"type\":\"hello\",\"version\":3,\"token\":\"" VALID_TOKEN "\"}");
  parsed = parse_ok (json);
  g_assert_null (parsed->hello.software);
  g_clear_pointer (&parsed, kv_message_free);

  /* JSON null counts as absent for optional fields. */
  parsed = parse_ok ("{\"type\":\"error\",\"code\":\"internal\",\"message\":\"\","
                     "\"in_reply_to\":null}");
  g_assert_null (parsed->error.in_reply_to);
  g_assert_cmpstr (parsed->error.message, ==, "");
}

/* Version 2 added fields to version 1 messages: a peer of version 1 leaves
 * them out, and they mean "nothing of the kind". */
static void
test_version_2_fields (void)
{
  g_autoptr(KvMessage) hello = NULL;
  g_autoptr(KvMessage) session = NULL;
  g_autoptr(KvMessage) staff_end = NULL;
  g_autoptr(KvMessage) end = NULL;
  g_autoptr(KvMessage) resume = NULL;
  g_autoptr(KvMessage) presence = NULL;
  g_autofree char *json = NULL;

  /* A kiosk of version 1 still signs in. */
  hello = parse_ok ("{\"type\":\"hello\",\"version\":1,\"token\":\"" VALID_TOKEN "\"}");
  g_assert_cmpuint (hello->hello.version, ==, 1);

  session = parse_ok ("{\"type\":\"session\",\"booking\":\"b-1\",\"state\":\"live\","
                      "\"start\":\"2026-11-22T10:00:00Z\",\"end\":\"2026-11-22T10:30:00Z\","
                      "\"goodbye\":\"2026-11-22T10:29:00Z\",\"present\":[],\"confirmed\":[],"
                      "\"lost_ms\":0,\"makeup_ms\":0,\"outcome\":\"none\",\"paused\":null}");
  g_assert_cmpint (session->session.paused, ==, KV_SIDE_NONE);
  g_assert_cmpint (session->session.pause_category, ==, KV_PAUSE_CATEGORY_NONE);
  g_assert_cmpint (session->session.muted, ==, KV_SIDE_NONE);
  g_assert_false (session->session.supervised);
  g_assert_cmpint (session->session.end_category, ==, KV_END_CATEGORY_NONE);
  /* Written in full: a kiosk of version 2 always sees every flag. */
  json = kv_message_serialize (session, NULL);
  g_assert_true (g_str_has_suffix (json, "\"outcome\":\"none\",\"paused\":[],\"muted\":[],"
                                         "\"supervised\":false}"));
  g_clear_pointer (&json, g_free);

  /* A staff end without a category: the version 1 stop. */
  staff_end = parse_ok ("{\"type\":\"staff_end\",\"booking\":\"b-1\",\"reason\":\"x\"}");
  g_assert_cmpint (staff_end->staff_end.category, ==, KV_END_CATEGORY_NONE);
  json = kv_message_serialize (staff_end, NULL);
  g_assert_cmpstr (json, ==, "{\"type\":\"staff_end\",\"booking\":\"b-1\",\"reason\":\"x\"}");
  g_clear_pointer (&json, g_free);

  /* A safeguarding end says so, and needs no reason on the screen. */
  end = parse_ok ("{\"type\":\"end\",\"booking\":\"b-1\",\"outcome\":\"ended-by-staff\","
                  "\"absent\":[],\"lost_ms\":0,\"category\":\"safeguarding\"}");
  g_assert_cmpint (end->end.category, ==, KV_END_CATEGORY_SAFEGUARDING);
  g_assert_null (end->end.reason);

  /* A resume needs no reason. */
  resume = parse_ok ("{\"type\":\"pause\",\"booking\":\"b-1\",\"paused\":false}");
  g_assert_false (resume->pause.paused);
  g_assert_cmpint (resume->pause.category, ==, KV_PAUSE_CATEGORY_NONE);

  presence = parse_ok ("{\"type\":\"presence\",\"booking\":\"b-1\",\"present\":true}");
  g_assert_false (presence->presence.supervised);
  json = kv_message_serialize (presence, NULL);
  g_assert_cmpstr (json, ==, "{\"type\":\"presence\",\"booking\":\"b-1\",\"present\":true}");
}

static void
test_category_names (void)
{
  KvEndCategory end;
  KvPauseCategory pause;

  g_assert_cmpstr (kv_end_category_to_string (KV_END_CATEGORY_FINISHED_EARLY), ==,
                   "finished-early");
  g_assert_cmpstr (kv_end_category_to_string (KV_END_CATEGORY_SAFEGUARDING), ==, "safeguarding");
  g_assert_true (kv_end_category_from_string ("adult-unwell", &end));
  g_assert_cmpint (end, ==, KV_END_CATEGORY_ADULT_UNWELL);
  g_assert_false (kv_end_category_from_string ("Safeguarding", NULL));
  g_assert_cmpstr (kv_pause_category_to_string (KV_PAUSE_CATEGORY_CHILD_NEEDS_A_MOMENT), ==,
                   "child-needs-a-moment");
  g_assert_true (kv_pause_category_from_string ("technical-problem", &pause));
  g_assert_cmpint (pause, ==, KV_PAUSE_CATEGORY_TECHNICAL_PROBLEM);
  g_assert_false (kv_pause_category_from_string ("child_needs_a_moment", NULL));
}

static void
test_unknown_fields_ignored (void)
{
  g_autoptr(KvMessage) message = NULL;
  g_autofree char *json = NULL;

  /* Forward compatibility: a newer peer may add fields. */
  message = parse_ok ("{\"future\":{\"nested\":[1,2.5,null]},\"type\":\"media\","
                      "\"booking\":\"b-1\",\"flowing\":true,\"reason\":\"x\"}");
  g_assert_cmpint (message->type, ==, KV_MESSAGE_MEDIA);
  g_assert_cmpstr (message->media.booking_id, ==, "b-1");
  g_assert_true (message->media.flowing);
  json = kv_message_serialize (message, NULL);
  g_assert_cmpstr (json, ==, "{\"type\":\"media\",\"booking\":\"b-1\",\"flowing\":true}");
}

static void
test_boxed (void)
{
  g_autoptr(KvMessage) message = make_message (KV_MESSAGE_JOIN);
  KvMessage *copy = g_boxed_copy (KV_TYPE_MESSAGE, message);

  g_assert_true (G_TYPE_IS_BOXED (KV_TYPE_MESSAGE));
  g_assert_true (copy != message);
  g_assert_true (kv_message_equal (copy, message));
  /* A deep copy: changing the copy leaves the original alone. */
  g_ptr_array_remove_index (copy->join.ice_servers, 0);
  g_assert_false (kv_message_equal (copy, message));
  g_assert_cmpuint (message->join.ice_servers->len, ==, 2);
  g_boxed_free (KV_TYPE_MESSAGE, copy);
}

/* Times */

static void
test_times (void)
{
  struct { const char *text; gint64 us; } good[] = {
    { "2026-11-22T10:00:00Z", T0 },
    { "2026-11-22T10:00:00+00:00", T0 },
    { "2026-11-22T09:59:58.250Z", T0 - 1750 * MS },
    { "2026-11-22T09:59:58.2Z", T0 - 1800 * MS },
    /* The protocol's resolution is a millisecond: further digits are ignored. */
    { "2026-11-22T09:59:58.250999999Z", T0 - 1750 * MS },
    { "1970-01-01T00:00:00Z", 0 },
    { "2028-02-29T00:00:00Z", G_GINT64_CONSTANT (1835395200000000) },
    { "2000-02-29T12:00:00Z", G_GINT64_CONSTANT (951825600000000) },
    { "9999-12-31T23:59:59.999Z", KV_PROTOCOL_MAX_TIME_US },
  };
  const char *bad[] = {
    "", "2026-11-22", "2026-11-22T10:00:00", "2026-11-22T10:00Z", "2026-11-22 10:00:00Z",
    "2026-11-22t10:00:00z", "2026-11-22T10:00:00+02:00", "2026-11-22T10:00:00-00:00",
    "2026-11-22T10:00:00.Z", "2026-11-22T10:00:00.1234567890Z", "2026-11-22T10:00:00ZZ",
    "2026-11-22T10:00:00Z ", " 2026-11-22T10:00:00Z", "2026-13-01T00:00:00Z",
    "2026-00-01T00:00:00Z", "2026-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
    "2026-04-31T00:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22T23:60:00Z",
    "2016-12-31T23:59:60Z", "1969-12-31T23:59:59Z", "+2026-11-22T10:00:00Z",
    "20261122T100000Z", "2026-1-22T10:00:00Z", "２０２６-11-22T10:00:00Z",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      gint64 us = -1;

      if (!kv_protocol_parse_time (good[i].text, &us))
        g_error ("refused %s", good[i].text);
      g_assert_cmpint (us, ==, good[i].us);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gint64 us = -1;

      if (kv_protocol_parse_time (bad[i], &us))
        g_error ("accepted %s", bad[i]);
      g_assert_cmpint (us, ==, -1);
    }

  {
    struct { gint64 us; const char *text; } formats[] = {
      { T0, "2026-11-22T10:00:00Z" },
      { T0 - 1750 * MS, "2026-11-22T09:59:58.250Z" },
      { T0 + 1, "2026-11-22T10:00:00Z" },      /* below the resolution */
      { T0 + 7 * MS, "2026-11-22T10:00:00.007Z" },
      { -5, "1970-01-01T00:00:00Z" },          /* clamped: always parses */
      { G_MAXINT64, "9999-12-31T23:59:59.999Z" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
      {
        g_autofree char *text = kv_protocol_format_time (formats[i].us);

        g_assert_cmpstr (text, ==, formats[i].text);
      }
  }

  {
    g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);

    /* Every time in range formats to something that parses back to it. */
    for (guint i = 0; i < 20000; i++)
      {
        gint64 us = (gint64) (g_rand_double (rand) * (double) KV_PROTOCOL_MAX_TIME_US);
        g_autofree char *text = NULL;
        gint64 back = -1;

        us -= us % 1000;
        text = kv_protocol_format_time (us);
        g_assert_true (kv_protocol_parse_time (text, &back));
        g_assert_cmpint (back, ==, us);
      }
  }
}

/* Bad messages: every one has its specific code and names its field */

typedef struct
{
  const char      *json;
  KvProtocolError  code;
  const char      *message;   /* exact error message, or NULL */
} BadCase;

static const BadCase bad_cases[] = {
  { "{\"type\":\"sdp\",\"booking\":7,\"generation\":1,\"sdp_type\":\"offer\",\"sdp\":\"v=0\"}",
    KV_PROTOCOL_ERROR_WRONG_TYPE, "sdp: field 'booking' must be a string" },
  { "{\"type\":\"sdp\",\"generation\":1,\"sdp_type\":\"offer\",\"sdp\":\"v=0\"}",
    KV_PROTOCOL_ERROR_MISSING_FIELD, "sdp: field 'booking' is missing" },
  { "{\"type\":\"ice\",\"booking\":\"b\",\"generation\":1,\"mline_index\":-1,\"candidate\":\"\"}",
    KV_PROTOCOL_ERROR_BAD_VALUE, "ice: field 'mline_index' must be from 0 to 255" },
  { "{\"type\":\"ice\",\"booking\":\"b\",\"generation\":1,\"mline_index\":0.5,\"candidate\":\"\"}",
    KV_PROTOCOL_ERROR_WRONG_TYPE, "ice: field 'mline_index' must be an integer" },
  { "{\"type\":\"ice\",\"booking\":\"b\",\"generation\":18446744073709551617,\"mline_index\":0,"
    "\"candidate\":\"\"}",
    KV_PROTOCOL_ERROR_BAD_VALUE, "message: field 'generation' is out of range" },
  { "{\"type\":\"hello\",\"version\":4,\"token\":\"" VALID_TOKEN "\"}",
    KV_PROTOCOL_ERROR_UNSUPPORTED_VERSION,
    "hello: field 'version' names a version this side does not speak (speaks 1 to 3)" },
  { "{\"type\":\"pause\",\"booking\":\"b\",\"paused\":true}",
    KV_PROTOCOL_ERROR_MISSING_FIELD, "pause: field 'category' is missing" },
  { "{\"type\":\"pause\",\"booking\":\"b\",\"paused\":true,\"category\":null}",
    KV_PROTOCOL_ERROR_WRONG_TYPE, "pause: field 'category' must be a string" },
  { "{\"type\":\"staff_end\",\"booking\":\"b\",\"reason\":\"r\",\"category\":\"none\"}",
    KV_PROTOCOL_ERROR_BAD_VALUE, "staff_end: field 'category' has an unknown value" },
  { "{\"type\":\"end\",\"booking\":\"b\",\"outcome\":\"no-show\",\"absent\":[],"
    "\"lost_ms\":0,\"category\":\"other\"}",
    KV_PROTOCOL_ERROR_BAD_VALUE, "end: field 'category' is only for an outcome of "
    "\"ended-by-staff\"" },
  { "{\"type\":\"session\",\"booking\":\"b\",\"state\":\"paused\"}",
    KV_PROTOCOL_ERROR_BAD_VALUE, "session: field 'state' has an unknown value" },
  { "{\"type\":\"call\"}", KV_PROTOCOL_ERROR_UNKNOWN_TYPE,
    "message: field 'type' names no known message type" },
  { "{\"type\":\"schedule\",\"server_time\":\"2026-11-22T10:00:00Z\",\"bookings\":[{\"id\":\"b\","
    "\"start\":\"2026-11-22T10:00:00Z\",\"end\":\"2026-11-22T10:30:00Z\",\"prison_label\":\"Dad\","
    "\"community_label\":\"Lena\",\"age_band\":\"4-7\"},{\"id\":\"b/2\"}]}",
    KV_PROTOCOL_ERROR_BAD_VALUE,
    "schedule: field 'bookings[1].id' must be 1 to 64 characters of A-Z, a-z, 0-9, '_' and '-'" },
  { "{\"type\":\"join\",\"booking\":\"b\",\"offerer\":true,\"start\":\"2026-11-22T10:00:00Z\","
    "\"end\":\"2026-11-22T10:30:00Z\",\"goodbye_ms\":60000,\"cues\":[],\"ice_servers\":"
    "[{\"urls\":[\"turns:turn.example.org\"]}]}",
    KV_PROTOCOL_ERROR_BAD_VALUE,
    "join: field 'ice_servers[0].urls' must hold stun: or turn: URLs" },
  { "[]", KV_PROTOCOL_ERROR_NOT_AN_OBJECT, "message: not a JSON object" },
  { "", KV_PROTOCOL_ERROR_MALFORMED, NULL },
  { "   ", KV_PROTOCOL_ERROR_MALFORMED, "message: empty" },
  { "{\"type\":\"ping\",\"client_time\":\"2026-11-22T10:00:00Z\"", KV_PROTOCOL_ERROR_MALFORMED,
    "message: not valid JSON" },
};

static void
assert_parse_fails (const char      *data,
                    gsize            length,
                    KvProtocolError  code,
                    const char      *expected_message,
                    const char      *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvMessage) message = kv_message_parse (data, length, &error);

  if (message != NULL)
    g_error ("%s: accepted", what);
  if (!g_error_matches (error, KV_PROTOCOL_ERROR, code))
    g_error ("%s: expected %s, got %s (%s)", what, kv_protocol_error_to_string (code),
             error->domain == KV_PROTOCOL_ERROR ? kv_protocol_error_to_string (error->code) : "?",
             error->message);
  if (expected_message != NULL)
    g_assert_cmpstr (error->message, ==, expected_message);

  /* Every message says where: the message type or "message". */
  g_assert_true (strchr (error->message, ':') != NULL);
  if (code == KV_PROTOCOL_ERROR_MISSING_FIELD || code == KV_PROTOCOL_ERROR_WRONG_TYPE ||
      code == KV_PROTOCOL_ERROR_TOO_LONG || code == KV_PROTOCOL_ERROR_UNSUPPORTED_VERSION)
    g_assert_nonnull (strstr (error->message, "field '"));
}

static void
test_bad_inline (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    assert_parse_fails (bad_cases[i].json, strlen (bad_cases[i].json), bad_cases[i].code,
                        bad_cases[i].message, bad_cases[i].json);
}

/* tests/data/protocol/bad/<code>--<what>.json: the file name says which
 * error the message must get. The same files seed the fuzz corpus. */
static void
test_bad_files (void)
{
  g_autofree char *dir = get_data_path ("tests", "data", "protocol", "bad", NULL);
  g_autoptr(GPtrArray) names = list_files (dir, ".json");
  g_autoptr(GHashTable) codes_seen = g_hash_table_new (NULL, NULL);

  g_assert_cmpuint (names->len, >=, 60);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *code_name = g_strndup (name, strstr (name, "--") - name);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      KvProtocolError code;
      gsize length;

      g_assert_nonnull (strstr (name, "--"));
      if (!kv_protocol_error_from_string (code_name, &code))
        g_error ("%s: no such error code", name);
      g_file_get_contents (path, &contents, &length, &error);
      g_assert_no_error (error);
      assert_parse_fails (contents, length, code, NULL, name);
      g_hash_table_add (codes_seen, GUINT_TO_POINTER (code));
    }

  /* Every error the codec itself can give has a case. */
  for (KvProtocolError code = KV_PROTOCOL_ERROR_MALFORMED;
       code <= KV_PROTOCOL_ERROR_UNSUPPORTED_VERSION; code++)
    if (!g_hash_table_contains (codes_seen, GUINT_TO_POINTER (code)))
      g_error ("no bad/%s--*.json case", kv_protocol_error_to_string (code));
}

static void
test_bad_utf8 (void)
{
  const char invalid[] = "{\"type\":\"staff_end\",\"booking\":\"b\",\"reason\":\"\xc3\x28\"}";
  const char with_nul[] = "{\"type\":\"confirm\",\"booking\":\"b\"}\0{}";
  const char escaped_nul[] = "{\"type\":\"confirm\",\"booking\":\"b\\u0000x\"}";
  const char lone_surrogate[] = "{\"type\":\"staff_end\",\"booking\":\"b\",\"reason\":\"\\ud800\"}";
  g_autoptr(KvMessage) pair = NULL;

  assert_parse_fails (invalid, sizeof invalid - 1, KV_PROTOCOL_ERROR_MALFORMED,
                      "message: not valid UTF-8 text", "invalid UTF-8");
  assert_parse_fails (with_nul, sizeof with_nul - 1, KV_PROTOCOL_ERROR_MALFORMED,
                      "message: not valid UTF-8 text", "NUL byte");
  assert_parse_fails (escaped_nul, sizeof escaped_nul - 1, KV_PROTOCOL_ERROR_MALFORMED,
                      "message: strings must not contain NUL", "escaped NUL");
  assert_parse_fails (lone_surrogate, sizeof lone_surrogate - 1, KV_PROTOCOL_ERROR_MALFORMED,
                      NULL, "lone surrogate");

  /* A surrogate pair is fine and comes back as the character. */
  pair = parse_ok ("{\"type\":\"staff_end\",\"booking\":\"b\",\"reason\":\"\\ud83d\\udc4b\"}");
  g_assert_cmpstr (pair->staff_end.reason, ==, "👋");
}

static void
test_size_limit (void)
{
  const char *head = "{\"type\":\"ice\",\"booking\":\"b\",\"generation\":0,\"mline_index\":0,"
                     "\"candidate\":\"\"}";
  g_autoptr(GString) json = g_string_new (head);
  g_autoptr(KvMessage) message = NULL;
  g_autoptr(GError) error = NULL;

  /* Exactly at the limit (padded with whitespace) is accepted... */
  while (json->len < KV_PROTOCOL_MAX_MESSAGE_SIZE)
    g_string_append_c (json, ' ');
  message = kv_message_parse (json->str, json->len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (message->type, ==, KV_MESSAGE_ICE);

  /* ...one byte more is refused before it is parsed. */
  g_string_append_c (json, ' ');
  assert_parse_fails (json->str, json->len, KV_PROTOCOL_ERROR_TOO_LARGE,
                      "message: 65537 bytes is over the limit of 65536 bytes", "65537 bytes");
  /* Even when it is garbage: the size is checked first. */
  memset (json->str, 0xff, json->len);
  assert_parse_fails (json->str, json->len, KV_PROTOCOL_ERROR_TOO_LARGE, NULL, "garbage");
}

static void
test_limits_are_inclusive (void)
{
  g_autofree char *id = g_strnfill (KV_PROTOCOL_MAX_ID_SIZE, 'a');
  g_autofree char *reason = NULL;
  g_autofree char *sdp = g_strnfill (KV_PROTOCOL_MAX_SDP_SIZE, 's');
  g_autofree char *token = g_strnfill (128, 'Z');
  g_autoptr(GString) chars = g_string_new (NULL);
  g_autoptr(KvMessage) staff_end = kv_message_new (KV_MESSAGE_STAFF_END);
  g_autoptr(KvMessage) sdp_message = kv_message_new (KV_MESSAGE_SDP);
  g_autoptr(KvMessage) hello = kv_message_new (KV_MESSAGE_HELLO);
  g_autoptr(KvMessage) schedule = kv_message_new (KV_MESSAGE_SCHEDULE);
  g_autofree char *j1 = NULL, *j2 = NULL, *j3 = NULL, *j4 = NULL;

  /* 500 characters of two bytes each: the limit counts characters. */
  for (guint i = 0; i < KV_PROTOCOL_MAX_TEXT_CHARS; i++)
    g_string_append (chars, "é");
  reason = g_string_free (g_steal_pointer (&chars), FALSE);

  staff_end->staff_end.booking_id = g_strdup (id);
  staff_end->staff_end.reason = g_strdup (reason);
  j1 = assert_round_trip (staff_end);

  sdp_message->sdp.booking_id = g_strdup (id);
  sdp_message->sdp.sdp = g_strdup (sdp);
  j2 = assert_round_trip (sdp_message);

  hello->hello.token = g_strdup (token);
  j3 = assert_round_trip (hello);

  schedule->schedule.server_time_us = T0;
  for (guint i = 0; i < KV_PROTOCOL_MAX_SCHEDULE; i++)
    {
      g_autofree char *booking_id = g_strdup_printf ("b-%u", i);

      g_ptr_array_add (schedule->schedule.bookings,
                       kv_booking_new (booking_id, "", "", T0 + i * 30 * MINUTE_US,
                                       T0 + (i + 1) * 30 * MINUTE_US, "Dad", "Lena",
                                       KV_AGE_BAND_8_12));
    }
  j4 = assert_round_trip (schedule);
  /* A full schedule must fit in one message. */
  g_assert_cmpuint (strlen (j4), <, KV_PROTOCOL_MAX_MESSAGE_SIZE);
}

static void
test_escapes (void)
{
  /* Every escape a peer may use comes back in its shortest form: a parsed
   * message never grows when it is written (see test_canonical_size). */
  const char *in = "{\"type\":\"sdp\",\"booking\":\"b-1\",\"generation\":0,\"sdp_type\":\"offer\","
                   "\"sdp\":\"\\/\\u00e9\\ud83d\\udc4b\\b\\f\\n\\r\\t"
                   "\\u0001\\u001f\\\"\\\\\\u007f\"}";
  const char *out = "{\"type\":\"sdp\",\"booking\":\"b-1\",\"generation\":0,\"sdp_type\":\"offer\","
                    "\"sdp\":\"/é👋\\b\\f\\n\\r\\t\\u0001\\u001f\\\"\\\\\x7f\"}";
  g_autoptr(KvMessage) message = parse_ok (in);
  g_autofree char *json = kv_message_serialize (message, NULL);

  g_assert_cmpstr (message->sdp.sdp, ==, "/é👋\b\f\n\r\t\001\037\"\\\x7f");
  g_assert_cmpstr (json, ==, out);
  g_assert_cmpuint (strlen (json), <=, strlen (in));
}

/* A schedule just under 64 KiB whose 401 times have one fraction digit:
 * written with milliseconds it would be 802 bytes longer, over the limit. */
static char *
make_growing_schedule (const char *fraction)
{
  g_autoptr(GString) json = g_string_new (NULL);

  g_string_append_printf (json, "{\"type\":\"schedule\",\"server_time\":\"2026-11-22T10:00:00%sZ\","
                          "\"bookings\":[", fraction);
  for (guint i = 0; i < KV_PROTOCOL_MAX_SCHEDULE; i++)
    {
      g_autoptr(GString) label = g_string_new (NULL);

      for (guint c = 0; c < 33; c++)
        g_string_append (label, "é");
      g_string_append_printf (json, "%s{\"id\":\"b%063u\",\"start\":\"2026-11-22T10:00:00%sZ\","
                              "\"end\":\"2026-11-22T10:30:00%sZ\",\"prison_label\":\"%s\","
                              "\"community_label\":\"%s\",\"age_band\":\"4-7\"}",
                              i > 0 ? "," : "", i, fraction, fraction, label->str, label->str);
    }
  g_string_append (json, "]}");

  return g_string_free (g_steal_pointer (&json), FALSE);
}

static void
test_canonical_size (void)
{
  g_autofree char *short_fractions = make_growing_schedule (".2");
  g_autofree char *long_fractions = make_growing_schedule (".200");
  g_autofree char *no_fractions = make_growing_schedule ("");
  g_autoptr(KvMessage) fits = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (strlen (short_fractions), <=, KV_PROTOCOL_MAX_MESSAGE_SIZE);
  g_assert_cmpuint (strlen (short_fractions) + 802, >, KV_PROTOCOL_MAX_MESSAGE_SIZE);
  assert_parse_fails (short_fractions, strlen (short_fractions), KV_PROTOCOL_ERROR_TOO_LARGE,
                      "schedule: 66073 bytes once written is over the limit of 65536 bytes",
                      "growing schedule");
  assert_parse_fails (long_fractions, strlen (long_fractions), KV_PROTOCOL_ERROR_TOO_LARGE,
                      NULL, "long schedule");

  /* Without fractions it is accepted, and what is accepted can be sent. */
  fits = kv_message_parse (no_fractions, strlen (no_fractions), &error);
  g_assert_no_error (error);
  g_free (assert_round_trip (fits));
}

/* Every field matters: changing any one value of a message, at any depth,
 * must give a message that parses and is not equal. This catches a field
 * the parser does not read, the serializer does not write, or
 * kv_message_equal() does not compare. */

/* For each enum field: another value, and a third for when the field has
 * the second already. "category" is an end category in staff_end, goodbye
 * and end, a pause category in pause: the values given are in both. */
static const char * const enum_alternatives[][3] = {
  { "state", "ended", "live" }, { "outcome", "cancelled", "completed" },
  { "role", "community", "prison" }, { "age_band", "13-17", "0-3" },
  { "sdp_type", "answer", "offer" }, { "code", "internal", "forbidden" },
  { "category", "other", "technical-problem" }, { "pause_category", "other", "technical-problem" },
  { "end_category", "other", "technical-problem" },
};

static JsonNode *
make_other_value (const char *key,
                  JsonNode   *node)
{
  JsonNode *other = json_node_new (JSON_NODE_VALUE);
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_BOOLEAN)
    json_node_set_boolean (other, !json_node_get_boolean (node));
  else if (type == G_TYPE_INT64)
    json_node_set_int (other, json_node_get_int (node) == 1 ? 0 : 1);
  else
    {
      const char *value = json_node_get_string (node);
      gint64 time_us;

      g_assert_cmpint (type, ==, G_TYPE_STRING);
      if (kv_protocol_parse_time (value, &time_us))
        {
          g_autofree char *later = kv_protocol_format_time (time_us + 1000);

          json_node_set_string (other, later);
          return other;
        }
      for (guint i = 0; i < G_N_ELEMENTS (enum_alternatives); i++)
        if (g_str_equal (key, enum_alternatives[i][0]))
          {
            json_node_set_string (other, g_str_equal (value, enum_alternatives[i][1])
                                         ? enum_alternatives[i][2] : enum_alternatives[i][1]);
            return other;
          }
      if (g_str_equal (key, "urls"))
        json_node_set_string (other, g_str_equal (value, "stun:x") ? "stun:y" : "stun:x");
      else
        {
          g_autofree char *changed = g_strconcat (value, "x", NULL);

          json_node_set_string (other, changed);
        }
    }

  return other;
}

/* Calls @func on every scalar and every array of @node's tree. */
typedef void (*VisitFunc) (const char *key, JsonNode *node, gpointer user_data);

static void
visit (const char *key,
       JsonNode   *node,
       VisitFunc   func,
       gpointer    user_data)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (node));

      for (GList *l = members; l != NULL; l = l->next)
        if (!g_str_equal (l->data, "type"))
          visit (l->data, json_object_get_member (json_node_get_object (node), l->data), func,
                 user_data);
      return;
    }

  func (key, node, user_data);
  if (JSON_NODE_HOLDS_ARRAY (node))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
      visit (key, json_array_get_element (json_node_get_array (node), i), func, user_data);
}

typedef struct
{
  JsonNode        *root;
  const KvMessage *original;
  guint            n_changes;
} ChangeContext;

/* Each change is undone before the next, so that each is tested alone. */
static void
assert_root_restored (ChangeContext *ctx)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *json = NULL;
  g_autoptr(KvMessage) restored = NULL;

  json_generator_set_root (generator, ctx->root);
  json = json_generator_to_data (generator, NULL);
  restored = parse_ok (json);
  g_assert_true (kv_message_equal (ctx->original, restored));
}

static void
check_changed_root (ChangeContext *ctx,
                    const char    *what)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *json = NULL;
  g_autoptr(KvMessage) changed = NULL;
  g_autoptr(GError) error = NULL;

  json_generator_set_root (generator, ctx->root);
  json = json_generator_to_data (generator, NULL);
  changed = kv_message_parse (json, strlen (json), &error);
  if (error != NULL)
    g_error ("changing %s: %s\n%s", what, error->message, json);
  if (kv_message_equal (ctx->original, changed))
    g_error ("changing %s made no difference:\n%s", what, json);
  ctx->n_changes++;
}

static void
change_one (const char *key,
            JsonNode   *node,
            gpointer    user_data)
{
  ChangeContext *ctx = user_data;

  /* Only one version exists: the unsupported-version cases test it. */
  if (g_strcmp0 (key, "version") == 0)
    return;

  /* A set of sides changes as a whole: to another valid set. */
  if ((g_strcmp0 (key, "present") == 0 || g_strcmp0 (key, "confirmed") == 0 ||
       g_strcmp0 (key, "absent") == 0 || g_strcmp0 (key, "paused") == 0 ||
       g_strcmp0 (key, "muted") == 0) &&
      (JSON_NODE_HOLDS_ARRAY (node) || json_node_get_value_type (node) == G_TYPE_STRING))
    {
      JsonArray *array;
      g_autoptr(JsonArray) saved = json_array_new ();

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return;  /* a side name: the whole set is changed above */
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_string_element (saved, json_array_get_string_element (array, i));
      if (json_array_get_length (array) == 0)
        json_array_add_string_element (array, "prison");
      else if (json_array_get_length (array) == 2)
        json_array_remove_element (array, 1);
      else
        {
          gboolean was_prison = g_str_equal (json_array_get_string_element (array, 0), "prison");

          json_array_remove_element (array, 0);
          json_array_add_string_element (array, was_prison ? "community" : "prison");
        }
      check_changed_root (ctx, key);
      json_node_set_array (node, saved);
      assert_root_restored (ctx);
      return;
    }

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      /* Saved as plain values: a copied JsonNode shares its JsonValue. */
      GType type = json_node_get_value_type (node);
      g_autofree char *saved_string = g_strdup (type == G_TYPE_STRING ? json_node_get_string (node)
                                                                       : NULL);
      gint64 saved_int = type == G_TYPE_INT64 ? json_node_get_int (node) : 0;
      gboolean saved_bool = type == G_TYPE_BOOLEAN ? json_node_get_boolean (node) : FALSE;
      g_autoptr(JsonNode) other = make_other_value (key, node);

      if (type == G_TYPE_STRING)
        json_node_set_string (node, json_node_get_string (other));
      else if (type == G_TYPE_BOOLEAN)
        json_node_set_boolean (node, json_node_get_boolean (other));
      else
        json_node_set_int (node, json_node_get_int (other));
      check_changed_root (ctx, key);
      if (type == G_TYPE_STRING)
        json_node_set_string (node, saved_string);
      else if (type == G_TYPE_BOOLEAN)
        json_node_set_boolean (node, saved_bool);
      else
        json_node_set_int (node, saved_int);
      assert_root_restored (ctx);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) > 1)
    {
      /* Dropping the last entry must matter too. */
      JsonArray *array = json_node_get_array (node);
      guint last = json_array_get_length (array) - 1;
      g_autoptr(JsonNode) saved = json_array_dup_element (array, last);

      json_array_remove_element (array, last);
      check_changed_root (ctx, key);
      json_array_add_element (array, g_steal_pointer (&saved));
      assert_root_restored (ctx);
    }
}

static void
test_every_field_matters (gconstpointer data)
{
  KvMessageType type = GPOINTER_TO_UINT (data);
  g_autoptr(KvMessage) message = make_message (type);
  g_autofree char *json = kv_message_serialize (message, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  ChangeContext ctx = { NULL, message, 0 };

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  ctx.root = json_parser_get_root (parser);
  visit (NULL, ctx.root, change_one, &ctx);
  /* Every member but "type" and "version" was changed at least once. */
  g_assert_cmpuint (ctx.n_changes, >=,
                    json_object_get_size (json_node_get_object (ctx.root)) - 1 -
                    json_object_has_member (json_node_get_object (ctx.root), "version"));
}

/* Errors */

static void
test_new_error (void)
{
  g_autoptr(KvMessage) plain = NULL;
  g_autoptr(KvMessage) long_text = NULL;
  g_autoptr(KvMessage) from_gerror = NULL;
  g_autoptr(KvMessage) from_other = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GError) other_error = g_error_new_literal (G_FILE_ERROR, G_FILE_ERROR_NOSPC, "disk");
  g_autofree char *huge = g_strnfill (2000, 'x');
  g_autofree char *j1 = NULL, *j2 = NULL, *j3 = NULL, *j4 = NULL;
  g_autoptr(KvMessage) refused = NULL;
  const char *bad_type = "{\"type\":\"cue\",\"booking\":\"b\",\"seconds_left\":\"5\","
                         "\"half_way\":true}";

  plain = kv_message_new_error (KV_PROTOCOL_ERROR_FORBIDDEN, "sdp", "booking %s is not yours",
                                "b-9");
  j1 = assert_round_trip (plain);
  g_assert_cmpstr (j1, ==, "{\"type\":\"error\",\"code\":\"forbidden\","
                   "\"message\":\"booking b-9 is not yours\",\"in_reply_to\":\"sdp\"}");

  /* Whatever the text and the refused type, the error can be sent. */
  long_text = kv_message_new_error (KV_PROTOCOL_ERROR_INTERNAL, "bad type\"{", "%s", huge);
  g_assert_cmpint (g_utf8_strlen (long_text->error.message, -1), ==, KV_PROTOCOL_MAX_TEXT_CHARS);
  g_assert_null (long_text->error.in_reply_to);
  j2 = assert_round_trip (long_text);

  /* Control characters (say, from a database error) become spaces, and
   * invalid UTF-8 is repaired: the reply must parse on the kiosk. */
  {
    g_autoptr(KvMessage) controls = kv_message_new_error (KV_PROTOCOL_ERROR_INTERNAL, NULL,
                                                          "a\rb\001c\033[2J\nd\te\377");
    g_autofree char *json = assert_round_trip (controls);

    g_assert_cmpstr (controls->error.message, ==, "a b c [2J\nd\te\xef\xbf\xbd");
  }

  refused = kv_message_parse (bad_type, strlen (bad_type), &parse_error);
  g_assert_null (refused);
  from_gerror = kv_message_new_error_from_gerror (parse_error, "cue");
  g_assert_cmpint (from_gerror->error.code, ==, KV_PROTOCOL_ERROR_WRONG_TYPE);
  g_assert_cmpstr (from_gerror->error.message, ==, "cue: field 'seconds_left' must be an integer");
  j3 = assert_round_trip (from_gerror);

  /* Errors of other domains are the server's own failure. */
  from_other = kv_message_new_error_from_gerror (other_error, NULL);
  g_assert_cmpint (from_other->error.code, ==, KV_PROTOCOL_ERROR_INTERNAL);
  j4 = assert_round_trip (from_other);
  g_assert_cmpstr (j4, ==, "{\"type\":\"error\",\"code\":\"internal\",\"message\":\"disk\"}");
}

/* Examples: tests/data/protocol/examples and docs/protocol.md */

typedef struct
{
  GPtrArray *names;      /* char *: example file names */
  GPtrArray *examples;   /* KvMessage *, same order */
  GPtrArray *doc_blocks; /* KvMessage *: every ```json block of the doc */
} ExamplesFixture;

static void
examples_setup (ExamplesFixture *fixture,
                gconstpointer    data)
{
  g_autofree char *dir = get_data_path ("tests", "data", "protocol", "examples", NULL);
  g_autofree char *doc_path = get_data_path ("docs", "protocol.md", NULL);
  g_autofree char *doc = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) pieces = NULL;

  fixture->names = list_files (dir, ".json");
  fixture->examples = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_message_free);
  for (guint i = 0; i < fixture->names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (fixture->names, i), NULL);
      g_autofree char *contents = NULL;
      gsize length;
      KvMessage *message;

      g_file_get_contents (path, &contents, &length, &error);
      g_assert_no_error (error);
      message = kv_message_parse (contents, length, &error);
      if (error != NULL)
        g_error ("%s: %s", (char *) g_ptr_array_index (fixture->names, i), error->message);
      g_ptr_array_add (fixture->examples, message);
    }

  /* Every ```json block of the documentation is a complete message. */
  g_file_get_contents (doc_path, &doc, NULL, &error);
  g_assert_no_error (error);
  fixture->doc_blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_message_free);
  pieces = g_strsplit (doc, "```json\n", -1);
  for (guint i = 1; pieces[i] != NULL; i++)
    {
      char *end = strstr (pieces[i], "```");
      KvMessage *message;

      g_assert_nonnull (end);
      *end = '\0';
      message = kv_message_parse (pieces[i], strlen (pieces[i]), &error);
      if (error != NULL)
        g_error ("docs/protocol.md, JSON block %u: %s\n%s", i, error->message, pieces[i]);
      g_ptr_array_add (fixture->doc_blocks, message);
    }
}

static void
examples_teardown (ExamplesFixture *fixture,
                   gconstpointer    data)
{
  g_clear_pointer (&fixture->names, g_ptr_array_unref);
  g_clear_pointer (&fixture->examples, g_ptr_array_unref);
  g_clear_pointer (&fixture->doc_blocks, g_ptr_array_unref);
}

static gboolean
contains_equal (GPtrArray       *messages,
                const KvMessage *message)
{
  for (guint i = 0; i < messages->len; i++)
    if (kv_message_equal (g_ptr_array_index (messages, i), message))
      return TRUE;
  return FALSE;
}

static void
test_examples_round_trip (ExamplesFixture *fixture,
                          gconstpointer    data)
{
  gboolean covered[KV_MESSAGE_N_TYPES] = { FALSE, };

  g_assert_cmpuint (fixture->examples->len, >=, KV_MESSAGE_N_TYPES);
  for (guint i = 0; i < fixture->examples->len; i++)
    {
      const KvMessage *message = g_ptr_array_index (fixture->examples, i);
      const char *name = g_ptr_array_index (fixture->names, i);
      g_autofree char *json = assert_round_trip (message);
      const char *type_name = kv_message_type_to_string (message->type);

      /* Files are named after their type: "end-no-show.json" is an end. */
      g_assert_true (g_str_has_prefix (name, type_name));
      g_assert_true (name[strlen (type_name)] == '.' || name[strlen (type_name)] == '-');
      covered[message->type] = TRUE;
    }
  for (KvMessageType t = 0; t < KV_MESSAGE_N_TYPES; t++)
    if (!covered[t])
      g_error ("no example of %s", kv_message_type_to_string (t));
}

static void
test_examples_documented (ExamplesFixture *fixture,
                          gconstpointer    data)
{
  gboolean documented[KV_MESSAGE_N_TYPES] = { FALSE, };

  /* The doc and the example files show the same messages, both ways. */
  for (guint i = 0; i < fixture->examples->len; i++)
    if (!contains_equal (fixture->doc_blocks, g_ptr_array_index (fixture->examples, i)))
      g_error ("tests/data/protocol/examples/%s is not in docs/protocol.md",
               (char *) g_ptr_array_index (fixture->names, i));
  for (guint i = 0; i < fixture->doc_blocks->len; i++)
    {
      const KvMessage *block = g_ptr_array_index (fixture->doc_blocks, i);

      if (!contains_equal (fixture->examples, block))
        g_error ("JSON block %u of docs/protocol.md (%s) has no file in examples/", i + 1,
                 kv_message_type_to_string (block->type));
      documented[block->type] = TRUE;
    }
  for (KvMessageType t = 0; t < KV_MESSAGE_N_TYPES; t++)
    if (!documented[t])
      g_error ("docs/protocol.md has no example of %s", kv_message_type_to_string (t));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/protocol/names/errors", test_error_names);
  g_test_add_func ("/protocol/names/types", test_type_names);
  for (KvMessageType t = 0; t < KV_MESSAGE_N_TYPES; t++)
    {
      g_autofree char *path = g_strdup_printf ("/protocol/round-trip/%s",
                                               kv_message_type_to_string (t));

      g_test_add_data_func (path, GUINT_TO_POINTER (t), test_round_trip);
    }
  for (KvMessageType t = 0; t < KV_MESSAGE_N_TYPES; t++)
    {
      g_autofree char *path = g_strdup_printf ("/protocol/every-field-matters/%s",
                                               kv_message_type_to_string (t));

      g_test_add_data_func (path, GUINT_TO_POINTER (t), test_every_field_matters);
    }
  g_test_add_func ("/protocol/wire-text", test_wire_text);
  g_test_add_func ("/protocol/escapes", test_escapes);
  g_test_add_func ("/protocol/canonical-size", test_canonical_size);
  g_test_add_func ("/protocol/optional-fields", test_optional_fields);
  g_test_add_func ("/protocol/unknown-fields-ignored", test_unknown_fields_ignored);
  g_test_add_func ("/protocol/version-2-fields", test_version_2_fields);
  g_test_add_func ("/protocol/names/categories", test_category_names);
  g_test_add_func ("/protocol/boxed", test_boxed);
  g_test_add_func ("/protocol/times", test_times);
  g_test_add_func ("/protocol/bad/inline", test_bad_inline);
  g_test_add_func ("/protocol/bad/files", test_bad_files);
  g_test_add_func ("/protocol/bad/utf8", test_bad_utf8);
  g_test_add_func ("/protocol/size-limit", test_size_limit);
  g_test_add_func ("/protocol/limits-are-inclusive", test_limits_are_inclusive);
  g_test_add_func ("/protocol/new-error", test_new_error);
  g_test_add ("/protocol/examples/round-trip", ExamplesFixture, NULL,
              examples_setup, test_examples_round_trip, examples_teardown);
  g_test_add ("/protocol/examples/documented", ExamplesFixture, NULL,
              examples_setup, test_examples_documented, examples_teardown);

  return g_test_run ();
}

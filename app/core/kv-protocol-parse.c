/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-protocol"

#include "config.h"

#include "kv-protocol.h"
#include "kv-protocol-fields.h"
#include "kv-protocol-private.h"

#include "kv-booking-rules.h"
#include "kv-pin.h"

#include <json-glib/json-glib.h>
#include <string.h>

/*
 * kv_message_parse(): bytes from a peer -> KvMessage. Everything here is
 * untrusted input, so nothing asserts: each problem becomes a GError with a
 * specific KvProtocolError code and a message that names the field but never
 * repeats its value (values may be tokens or SDP). Unknown fields are ignored
 * for forward compatibility. docs/protocol.md is the specification.
 */

typedef gboolean (*ParseEntryFunc) (KvParseContext *ctx,
                                    JsonObject     *object,
                                    gpointer       *out_entry);

static gboolean
parse_booking_fields (KvParseContext *ctx,
                      JsonObject     *object,
                      gpointer       *out_booking)
{
  g_autofree char *id = NULL;
  g_autofree char *prison_label = NULL;
  g_autofree char *community_label = NULL;
  const char *age_name;
  KvAgeBand age_band;
  gint64 start_us, end_us;

  if (!kv_json_get_id (ctx, object, "id", TRUE, &id) ||
      !kv_json_get_time (ctx, object, "start", &start_us) ||
      !kv_json_get_time (ctx, object, "end", &end_us) ||
      !kv_json_check_order (ctx, "end", start_us, end_us) ||
      !kv_json_get_text (ctx, object, "prison_label", TRUE, TRUE, FALSE,
                         KV_BOOKING_LABEL_MAX_CHARS, &prison_label) ||
      !kv_json_get_text (ctx, object, "community_label", TRUE, TRUE, FALSE,
                         KV_BOOKING_LABEL_MAX_CHARS, &community_label) ||
      !kv_json_get_string (ctx, object, "age_band", TRUE, &age_name))
    return FALSE;
  if (!kv_age_band_from_string (age_name, &age_band))
    return kv_json_fail (ctx, KV_PROTOCOL_ERROR_BAD_VALUE, "age_band", "has an unknown value");

  /* Kiosk ids are not sent: each kiosk only ever sees its own bookings. */
  *out_booking = kv_booking_new (id, "", "", start_us, end_us, prison_label, community_label,
                                 age_band);
  return TRUE;
}

/* Staff ids follow the account ids' rules (kv_booking_rules_check_id():
 * also '.'), not the protocol's booking ids. */
static gboolean
get_staff_id (KvParseContext  *ctx,
              JsonObject      *object,
              const char      *key,
              gboolean         required,
              char           **out_id)
{
  const char *string;

  if (!kv_json_get_string (ctx, object, key, required, &string))
    return FALSE;
  if (string == NULL)
    return TRUE;
  if (!kv_booking_rules_check_id (string, NULL))
    return kv_json_fail (ctx, KV_PROTOCOL_ERROR_BAD_VALUE, key,
                         "must be 1 to %d characters of A-Z, a-z, 0-9, '.', '_' and '-'",
                         KV_BOOKING_ID_MAX_LENGTH);
  *out_id = g_strdup (string);
  return TRUE;
}

static gboolean
parse_roster_entry_fields (KvParseContext *ctx,
                           JsonObject     *object,
                           gpointer       *out_entry)
{
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  const char *pin_hash;

  if (!get_staff_id (ctx, object, "id", TRUE, &id) ||
      !kv_json_get_text (ctx, object, "name", TRUE, FALSE, FALSE,
                         KV_PROTOCOL_MAX_STAFF_NAME_CHARS, &name) ||
      !kv_json_get_string (ctx, object, "pin_hash", TRUE, &pin_hash))
    return FALSE;
  /* A hash the kiosk could not check, or one whose costs would stall it,
   * is refused with the whole roster: the kiosk keeps its last good one. */
  if (!kv_pin_hash_validate (pin_hash, NULL))
    return kv_json_fail (ctx, KV_PROTOCOL_ERROR_BAD_VALUE, "pin_hash",
                         "is not a usable PIN hash");

  *out_entry = kv_roster_entry_new (id, name, pin_hash);
  return TRUE;
}

static gboolean
parse_ice_server_fields (KvParseContext *ctx,
                         JsonObject     *object,
                         gpointer       *out_server)
{
  g_autoptr(GPtrArray) urls = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *username = NULL;
  g_autofree char *credential = NULL;
  JsonArray *array;
  KvIceServer *server;

  if (!kv_json_get_array (ctx, object, "urls", KV_PROTOCOL_MAX_ICE_URLS, &array))
    return FALSE;
  if (json_array_get_length (array) == 0)
    return kv_json_fail (ctx, KV_PROTOCOL_ERROR_BAD_VALUE, "urls", "must not be empty");

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *url = json_array_get_element (array, i);
      const char *text;

      if (!JSON_NODE_HOLDS_VALUE (url) || json_node_get_value_type (url) != G_TYPE_STRING)
        return kv_json_fail (ctx, KV_PROTOCOL_ERROR_WRONG_TYPE, "urls",
                             "must be an array of strings");
      text = json_node_get_string (url);
      if (strlen (text) > KV_PROTOCOL_MAX_ICE_FIELD_SIZE)
        return kv_json_fail (ctx, KV_PROTOCOL_ERROR_TOO_LONG, "urls",
                             "has a URL longer than %d bytes", KV_PROTOCOL_MAX_ICE_FIELD_SIZE);
      /* turns: is refused: libnice 0.1.21 would send it as plain TCP. */
      if ((!g_str_has_prefix (text, "stun:") && !g_str_has_prefix (text, "turn:")) ||
          strlen (text) == 5)
        return kv_json_fail (ctx, KV_PROTOCOL_ERROR_BAD_VALUE, "urls",
                             "must hold stun: or turn: URLs");
      for (const char *p = text; *p != '\0'; p++)
        if ((guchar) *p <= ' ' || (guchar) *p >= 0x7f)
          return kv_json_fail (ctx, KV_PROTOCOL_ERROR_BAD_VALUE, "urls",
                               "must hold URLs without spaces or control characters");
      g_ptr_array_add (urls, g_strdup (text));
    }

  if (!kv_json_get_blob (ctx, object, "username", FALSE, TRUE,
                         KV_PROTOCOL_MAX_ICE_FIELD_SIZE, &username) ||
      !kv_json_get_blob (ctx, object, "credential", FALSE, TRUE,
                         KV_PROTOCOL_MAX_ICE_FIELD_SIZE, &credential))
    return FALSE;

  server = g_new0 (KvIceServer, 1);
  server->urls = g_steal_pointer (&urls);
  server->username = g_steal_pointer (&username);
  server->credential = g_steal_pointer (&credential);
  *out_server = server;
  return TRUE;
}

/* Parses each object of @array with @parse_entry into @out_entries. Fields
 * of list entries are named with their place in errors, e.g.
 * "bookings[3].start": ctx->prefix holds the entry's name meanwhile. */
static gboolean
parse_list (KvParseContext *ctx,
            JsonArray      *array,
            const char     *name,
            ParseEntryFunc  parse_entry,
            GPtrArray      *out_entries)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      char prefix[48];
      gpointer entry = NULL;
      gboolean ok;

      g_snprintf (prefix, sizeof prefix, "%s[%u]", name, i);
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return kv_json_fail (ctx, KV_PROTOCOL_ERROR_WRONG_TYPE, prefix, "must be an object");

      ctx->prefix = prefix;
      ok = parse_entry (ctx, json_node_get_object (node), &entry);
      ctx->prefix = NULL;
      if (!ok)
        return FALSE;
      g_ptr_array_add (out_entries, entry);
    }

  return TRUE;
}

static gboolean
parse_body (KvParseContext *ctx,
            JsonObject     *o,
            KvMessage      *m)
{
  switch (m->type)
    {
    case KV_MESSAGE_HELLO:
      {
        const char *token;
        gint64 version;

        if (!kv_json_get_int (ctx, o, "version", 0, G_MAXINT32, &version))
          return FALSE;
        if (version < KV_PROTOCOL_VERSION_MIN || version > KV_PROTOCOL_VERSION_CURRENT)
          return kv_json_fail (ctx, KV_PROTOCOL_ERROR_UNSUPPORTED_VERSION, "version",
                               "names a version this side does not speak (speaks %d to %d)",
                               KV_PROTOCOL_VERSION_MIN, KV_PROTOCOL_VERSION_CURRENT);
        m->hello.version = (guint) version;

        if (!kv_json_get_string (ctx, o, "token", TRUE, &token))
          return FALSE;
        if (strlen (token) > KV_PROTOCOL_MAX_TOKEN_CHARS)
          return kv_json_fail (ctx, KV_PROTOCOL_ERROR_TOO_LONG, "token",
                               "is longer than %d characters",
                               KV_PROTOCOL_MAX_TOKEN_CHARS);
        if (!kv_protocol_is_valid_token (token))
          return kv_json_fail (ctx, KV_PROTOCOL_ERROR_BAD_VALUE, "token",
                               "must be %d to %d base64url characters",
                               KV_PROTOCOL_MIN_TOKEN_CHARS, KV_PROTOCOL_MAX_TOKEN_CHARS);
        m->hello.token = g_strdup (token);

        return kv_json_get_text (ctx, o, "software", FALSE, TRUE, FALSE,
                                 KV_PROTOCOL_MAX_TEXT_CHARS, &m->hello.software);
      }

    case KV_MESSAGE_WELCOME:
      {
        gint64 version;

        if (!kv_json_get_int (ctx, o, "version", 0, G_MAXINT32, &version))
          return FALSE;
        if (version < KV_PROTOCOL_VERSION_MIN || version > KV_PROTOCOL_VERSION_CURRENT)
          return kv_json_fail (ctx, KV_PROTOCOL_ERROR_UNSUPPORTED_VERSION, "version",
                               "names a version this side does not speak (speaks %d to %d)",
                               KV_PROTOCOL_VERSION_MIN, KV_PROTOCOL_VERSION_CURRENT);
        m->welcome.version = (guint) version;

        return kv_json_get_id (ctx, o, "kiosk", TRUE, &m->welcome.kiosk_id) &&
               kv_json_get_role (ctx, o, "role", &m->welcome.role) &&
               kv_json_get_text (ctx, o, "kiosk_label", FALSE, TRUE, FALSE,
                                 KV_PROTOCOL_MAX_TEXT_CHARS, &m->welcome.kiosk_label) &&
               kv_json_get_time (ctx, o, "server_time", &m->welcome.server_time_us);
      }

    case KV_MESSAGE_PING:
      return kv_json_get_time (ctx, o, "client_time", &m->ping.client_time_us);

    case KV_MESSAGE_PONG:
      return kv_json_get_time (ctx, o, "client_time", &m->pong.client_time_us) &&
             kv_json_get_time (ctx, o, "server_time", &m->pong.server_time_us);

    case KV_MESSAGE_SCHEDULE:
      {
        JsonArray *bookings;

        if (!kv_json_get_time (ctx, o, "server_time", &m->schedule.server_time_us) ||
            !kv_json_get_array (ctx, o, "bookings", KV_PROTOCOL_MAX_SCHEDULE,
                                &bookings))
          return FALSE;
        return parse_list (ctx, bookings, "bookings", parse_booking_fields,
                           m->schedule.bookings);
      }

    case KV_MESSAGE_JOIN:
      {
        JsonArray *cues, *servers;

        if (!kv_json_get_id (ctx, o, "booking", TRUE, &m->join.booking_id) ||
            !kv_json_get_bool (ctx, o, "offerer", &m->join.offerer) ||
            !kv_json_get_time (ctx, o, "start", &m->join.start_us) ||
            !kv_json_get_time (ctx, o, "end", &m->join.end_us) ||
            !kv_json_check_order (ctx, "end", m->join.start_us, m->join.end_us) ||
            !kv_json_get_duration (ctx, o, "goodbye_ms", &m->join.goodbye_us) ||
            !kv_json_get_array (ctx, o, "cues", KV_SITE_RULES_MAX_CUES, &cues))
          return FALSE;
        for (guint i = 0; i < json_array_get_length (cues); i++)
          {
            JsonNode *cue = json_array_get_element (cues, i);
            gint64 seconds;

            if (!JSON_NODE_HOLDS_VALUE (cue) || json_node_get_value_type (cue) != G_TYPE_INT64)
              return kv_json_fail (ctx, KV_PROTOCOL_ERROR_WRONG_TYPE, "cues",
                                   "must be an array of integers");
            seconds = json_node_get_int (cue);
            if (seconds < 0 || seconds > KV_PROTOCOL_MAX_CUE_SECONDS)
              return kv_json_fail (ctx, KV_PROTOCOL_ERROR_BAD_VALUE, "cues",
                                   "must hold seconds from 0 to %d", KV_PROTOCOL_MAX_CUE_SECONDS);
            m->join.cues[m->join.n_cues++] = (guint) seconds;
          }

        if (!kv_json_get_array (ctx, o, "ice_servers", KV_PROTOCOL_MAX_ICE_SERVERS,
                                &servers))
          return FALSE;
        return parse_list (ctx, servers, "ice_servers", parse_ice_server_fields,
                           m->join.ice_servers);
      }

    case KV_MESSAGE_PRESENCE:
      return kv_json_get_id (ctx, o, "booking", TRUE, &m->presence.booking_id) &&
             kv_json_get_bool (ctx, o, "present", &m->presence.present) &&
             kv_json_get_optional_bool (ctx, o, "supervised", &m->presence.supervised);

    case KV_MESSAGE_CONFIRM:
      return kv_json_get_id (ctx, o, "booking", TRUE, &m->confirm.booking_id) &&
             get_staff_id (ctx, o, "staff", FALSE, &m->confirm.staff_id);

    case KV_MESSAGE_SESSION:
      if (!kv_json_get_id (ctx, o, "booking", TRUE, &m->session.booking_id) ||
          !kv_json_get_state (ctx, o, "state", &m->session.state) ||
          !kv_json_get_time (ctx, o, "start", &m->session.start_us) ||
          !kv_json_get_time (ctx, o, "end", &m->session.end_us) ||
          !kv_json_check_order (ctx, "end", m->session.start_us, m->session.end_us) ||
          !kv_json_get_time (ctx, o, "goodbye", &m->session.goodbye_us) ||
          !kv_json_get_sides (ctx, o, "present", &m->session.present) ||
          !kv_json_get_sides (ctx, o, "confirmed", &m->session.confirmed) ||
          !kv_json_get_duration (ctx, o, "lost_ms", &m->session.lost_us) ||
          !kv_json_get_duration (ctx, o, "makeup_ms", &m->session.makeup_us) ||
          !kv_json_get_outcome (ctx, o, "outcome", &m->session.outcome) ||
          /* Version 2: absent from a version 1 server. */
          !kv_json_get_optional_sides (ctx, o, "paused", &m->session.paused) ||
          !kv_json_get_pause_category (ctx, o, "pause_category", FALSE,
                                       &m->session.pause_category) ||
          !kv_json_get_optional_sides (ctx, o, "muted", &m->session.muted) ||
          !kv_json_get_optional_bool (ctx, o, "supervised", &m->session.supervised) ||
          !kv_json_get_end_category (ctx, o, "end_category", FALSE,
                                     &m->session.end_category))
        return FALSE;
      /* A pause always says why, and only a pause has a why. */
      if ((m->session.paused != KV_SIDE_NONE) !=
          (m->session.pause_category != KV_PAUSE_CATEGORY_NONE))
        return kv_json_fail (ctx, KV_PROTOCOL_ERROR_BAD_VALUE, "pause_category",
                             "must be given exactly when 'paused' names a side");
      return TRUE;

    case KV_MESSAGE_START:
      return kv_json_get_id (ctx, o, "booking", TRUE, &m->start.booking_id) &&
             kv_json_get_time (ctx, o, "end", &m->start.end_us);

    case KV_MESSAGE_CUE:
      return kv_json_get_id (ctx, o, "booking", TRUE, &m->cue.booking_id) &&
             kv_json_get_uint (ctx, o, "seconds_left", KV_PROTOCOL_MAX_CUE_SECONDS,
                               &m->cue.seconds_left) &&
             kv_json_get_bool (ctx, o, "half_way", &m->cue.half_way);

    case KV_MESSAGE_GOODBYE:
      return kv_json_get_id (ctx, o, "booking", TRUE, &m->goodbye.booking_id) &&
             kv_json_get_time (ctx, o, "end", &m->goodbye.end_us) &&
             kv_json_get_end_category (ctx, o, "category", FALSE, &m->goodbye.category);

    case KV_MESSAGE_END:
      if (!kv_json_get_id (ctx, o, "booking", TRUE, &m->end.booking_id) ||
          !kv_json_get_outcome (ctx, o, "outcome", &m->end.outcome))
        return FALSE;
      /* An end always says how the visit ended. */
      if (m->end.outcome == KV_OUTCOME_NONE)
        return kv_json_fail (ctx, KV_PROTOCOL_ERROR_BAD_VALUE, "outcome", "must not be \"none\"");
      if (!kv_json_get_sides (ctx, o, "absent", &m->end.absent) ||
          !kv_json_get_text (ctx, o, "reason", FALSE, TRUE, TRUE,
                             KV_PROTOCOL_MAX_TEXT_CHARS, &m->end.reason) ||
          !kv_json_get_duration (ctx, o, "lost_ms", &m->end.lost_us) ||
          !kv_json_get_end_category (ctx, o, "category", FALSE, &m->end.category))
        return FALSE;
      if (m->end.category != KV_END_CATEGORY_NONE && m->end.outcome != KV_OUTCOME_ENDED_BY_STAFF)
        return kv_json_fail (ctx, KV_PROTOCOL_ERROR_BAD_VALUE, "category",
                             "is only for an outcome of \"ended-by-staff\"");
      return TRUE;

    case KV_MESSAGE_STAFF_END:
      return kv_json_get_id (ctx, o, "booking", TRUE, &m->staff_end.booking_id) &&
             kv_json_get_text (ctx, o, "reason", TRUE, FALSE, TRUE,
                               KV_PROTOCOL_MAX_TEXT_CHARS, &m->staff_end.reason) &&
             kv_json_get_end_category (ctx, o, "category", FALSE, &m->staff_end.category) &&
             get_staff_id (ctx, o, "staff", FALSE, &m->staff_end.staff_id);

    case KV_MESSAGE_MEDIA:
      return kv_json_get_id (ctx, o, "booking", TRUE, &m->media.booking_id) &&
             kv_json_get_bool (ctx, o, "flowing", &m->media.flowing);

    case KV_MESSAGE_PAUSE:
      return kv_json_get_id (ctx, o, "booking", TRUE, &m->pause.booking_id) &&
             kv_json_get_bool (ctx, o, "paused", &m->pause.paused) &&
             /* A pause says why (both kiosks show it); a resume need not. */
             kv_json_get_pause_category (ctx, o, "category", m->pause.paused,
                                         &m->pause.category) &&
             get_staff_id (ctx, o, "staff", FALSE, &m->pause.staff_id);

    case KV_MESSAGE_MUTE:
      return kv_json_get_id (ctx, o, "booking", TRUE, &m->mute.booking_id) &&
             kv_json_get_bool (ctx, o, "muted", &m->mute.muted) &&
             get_staff_id (ctx, o, "staff", FALSE, &m->mute.staff_id);

    case KV_MESSAGE_CHILD_ALERT:
      return kv_json_get_id (ctx, o, "booking", TRUE, &m->child_alert.booking_id);

    case KV_MESSAGE_SDP:
      {
        const char *sdp_type;

        if (!kv_json_get_id (ctx, o, "booking", TRUE, &m->sdp.booking_id) ||
            !kv_json_get_uint (ctx, o, "generation", KV_PROTOCOL_MAX_GENERATION,
                               &m->sdp.generation) ||
            !kv_json_get_string (ctx, o, "sdp_type", TRUE, &sdp_type))
          return FALSE;
        if (g_str_equal (sdp_type, "offer"))
          m->sdp.sdp_type = KV_SDP_OFFER;
        else if (g_str_equal (sdp_type, "answer"))
          m->sdp.sdp_type = KV_SDP_ANSWER;
        else
          return kv_json_fail (ctx, KV_PROTOCOL_ERROR_BAD_VALUE, "sdp_type",
                               "must be \"offer\" or \"answer\"");
        return kv_json_get_blob (ctx, o, "sdp", TRUE, FALSE, KV_PROTOCOL_MAX_SDP_SIZE,
                                 &m->sdp.sdp);
      }

    case KV_MESSAGE_ICE:
      return kv_json_get_id (ctx, o, "booking", TRUE, &m->ice.booking_id) &&
             kv_json_get_uint (ctx, o, "generation", KV_PROTOCOL_MAX_GENERATION,
                               &m->ice.generation) &&
             kv_json_get_uint (ctx, o, "mline_index", KV_PROTOCOL_MAX_MLINE_INDEX,
                               &m->ice.mline_index) &&
             kv_json_get_blob (ctx, o, "candidate", TRUE, TRUE,
                               KV_PROTOCOL_MAX_CANDIDATE_SIZE, &m->ice.candidate);

    case KV_MESSAGE_ERROR:
      {
        return kv_json_get_error_code (ctx, o, "code", &m->error.code) &&
               kv_json_get_text (ctx, o, "message", TRUE, TRUE, TRUE,
                                 KV_PROTOCOL_MAX_TEXT_CHARS, &m->error.message) &&
               kv_json_get_id (ctx, o, "in_reply_to", FALSE, &m->error.in_reply_to);
      }

    case KV_MESSAGE_STAFF_ROSTER:
      {
        const char *time_zone;
        JsonArray *staff;
        g_autoptr(GHashTable) seen = NULL;

        if (!kv_json_get_string (ctx, o, "time_zone", FALSE, &time_zone))
          return FALSE;
        if (time_zone != NULL && !kv_protocol_is_valid_time_zone (time_zone))
          return kv_json_fail (ctx, KV_PROTOCOL_ERROR_BAD_VALUE, "time_zone",
                               "must be an IANA time zone name such as \"Europe/Zagreb\"");
        m->staff_roster.time_zone = g_strdup (time_zone);

        if (!kv_json_get_array (ctx, o, "staff", KV_PROTOCOL_MAX_ROSTER, &staff) ||
            !parse_list (ctx, staff, "staff", parse_roster_entry_fields, m->staff_roster.staff))
          return FALSE;
        /* One PIN per person: a second entry for an id would be ambiguous. */
        seen = g_hash_table_new (g_str_hash, g_str_equal);
        for (guint i = 0; i < m->staff_roster.staff->len; i++)
          {
            KvRosterEntry *entry = g_ptr_array_index (m->staff_roster.staff, i);

            if (!g_hash_table_add (seen, entry->id))
              return kv_json_fail (ctx, KV_PROTOCOL_ERROR_BAD_VALUE, "staff",
                                   "names a staff id twice");
          }
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }
}

/* Most bytes a parsed message can grow by when written: 2 per time, and at
 * most 1 + 2 * KV_PROTOCOL_MAX_SCHEDULE times in a message. */
#define CANONICAL_GROWTH_MAX (2 * (1 + 2 * KV_PROTOCOL_MAX_SCHEDULE))

/**
 * kv_message_parse:
 * @data: (array length=length): one WebSocket text message
 * @length: its length in bytes
 * @error: return location for a %KV_PROTOCOL_ERROR
 *
 * Parses and validates one message. Every rule in docs/protocol.md is
 * checked here, so a returned message is complete and in range; whether the
 * sender may send it is for the receiver to decide.
 *
 * Returns: (transfer full): the message, or %NULL with @error set
 */
KvMessage *
kv_message_parse (const char  *data,
                  gsize        length,
                  GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) json_error = NULL;
  g_autoptr(KvMessage) message = NULL;
  KvParseContext ctx = { "message", NULL, error };
  JsonNode *root, *type_node;
  JsonObject *object;
  KvMessageType type;

  if (length > KV_PROTOCOL_MAX_MESSAGE_SIZE)
    {
      g_set_error (error, KV_PROTOCOL_ERROR, KV_PROTOCOL_ERROR_TOO_LARGE,
                   "message: %" G_GSIZE_FORMAT " bytes is over the limit of %d bytes",
                   length, KV_PROTOCOL_MAX_MESSAGE_SIZE);
      return NULL;
    }
  /* Also refuses NUL bytes, which would cut strings short. */
  if (data == NULL || length == 0 || !g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, KV_PROTOCOL_ERROR, KV_PROTOCOL_ERROR_MALFORMED,
                           "message: not valid UTF-8 text");
      return NULL;
    }
  if (!kv_protocol_check_json_syntax (data, length, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &json_error))
    {
      /* json-glib's message may quote the input: keep it at debug level. */
      g_debug ("Refused a message that is not JSON: %s", json_error->message);
      g_set_error_literal (error, KV_PROTOCOL_ERROR, KV_PROTOCOL_ERROR_MALFORMED,
                           "message: not valid JSON");
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, KV_PROTOCOL_ERROR, KV_PROTOCOL_ERROR_MALFORMED,
                           "message: empty");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, KV_PROTOCOL_ERROR, KV_PROTOCOL_ERROR_NOT_AN_OBJECT,
                           "message: not a JSON object");
      return NULL;
    }
  object = json_node_get_object (root);

  type_node = json_object_get_member (object, "type");
  if (type_node == NULL)
    {
      kv_json_fail (&ctx, KV_PROTOCOL_ERROR_MISSING_FIELD, "type", "is missing");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (type_node) || json_node_get_value_type (type_node) != G_TYPE_STRING)
    {
      kv_json_fail (&ctx, KV_PROTOCOL_ERROR_WRONG_TYPE, "type", "must be a string");
      return NULL;
    }
  if (!kv_message_type_from_string (json_node_get_string (type_node), &type))
    {
      kv_json_fail (&ctx, KV_PROTOCOL_ERROR_UNKNOWN_TYPE, "type", "names no known message type");
      return NULL;
    }

  message = kv_message_new (type);
  ctx.type = kv_message_type_to_string (type);
  if (!parse_body (&ctx, object, message))
    return NULL;

  /* The written form can be a little longer than what was read (a time
   * "10:00:00.2Z" is written "10:00:00.200Z", 2 bytes more, and a schedule
   * holds up to 401 times). Whatever is accepted must also be sendable, so
   * near the limit check the written size too. */
  if (length > KV_PROTOCOL_MAX_MESSAGE_SIZE - CANONICAL_GROWTH_MAX)
    {
      gsize written;

      g_free (kv_message_serialize (message, &written));

      if (written > KV_PROTOCOL_MAX_MESSAGE_SIZE)
        {
          g_set_error (error, KV_PROTOCOL_ERROR, KV_PROTOCOL_ERROR_TOO_LARGE,
                       "%s: %" G_GSIZE_FORMAT " bytes once written is over the limit of %d bytes",
                       ctx.type, written, KV_PROTOCOL_MAX_MESSAGE_SIZE);
          return NULL;
        }
    }

  return g_steal_pointer (&message);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-protocol"

#include "config.h"

#include "kv-protocol.h"
#include "kv-protocol-private.h"
#include "kv-enum-strings-private.h"

#include <string.h>

/*
 * The protocol's message values: names, directions, construction, copying and
 * comparison, and the value syntax shared by the parser and the serializer
 * (ids, tokens, times). The JSON side lives in kv-protocol-parse.c and
 * kv-protocol-serialize.c; docs/protocol.md is the specification.
 */

G_DEFINE_QUARK (kv-protocol-error-quark, kv_protocol_error)

G_DEFINE_BOXED_TYPE (KvMessage, kv_message, kv_message_copy, kv_message_free)

/* Wire names, in enum order. Error codes are kebab-case like the other enum
 * values on the wire; message types are snake_case like field names. */
static const char * const error_names[] = {
  "malformed", "not-an-object", "too-large", "unknown-type", "missing-field",
  "wrong-type", "bad-value", "too-long", "unsupported-version", "not-signed-in",
  "forbidden", "wrong-direction", "bad-token", "rate-limited", "invalid-state",
  "internal",
};
G_STATIC_ASSERT (G_N_ELEMENTS (error_names) == KV_PROTOCOL_ERROR_INTERNAL + 1);

static const char * const type_names[] = {
  "hello", "welcome", "ping", "pong", "schedule", "join", "presence", "confirm",
  "session", "start", "cue", "goodbye", "end", "staff_end", "media", "pause",
  "mute", "child_alert", "sdp", "ice", "error", "staff_roster",
};
G_STATIC_ASSERT (G_N_ELEMENTS (type_names) == KV_MESSAGE_N_TYPES);

KV_DEFINE_ENUM_STRINGS (KvProtocolError, kv_protocol_error, error_names)
KV_DEFINE_ENUM_STRINGS (KvMessageType, kv_message_type, type_names)

gboolean
kv_message_type_is_from_kiosk (KvMessageType type)
{
  switch (type)
    {
    case KV_MESSAGE_HELLO:
    case KV_MESSAGE_PING:
    case KV_MESSAGE_PRESENCE:
    case KV_MESSAGE_CONFIRM:
    case KV_MESSAGE_STAFF_END:
    case KV_MESSAGE_MEDIA:
    case KV_MESSAGE_PAUSE:
    case KV_MESSAGE_MUTE:
    case KV_MESSAGE_CHILD_ALERT:
    case KV_MESSAGE_SDP:
    case KV_MESSAGE_ICE:
      return TRUE;
    case KV_MESSAGE_WELCOME:
    case KV_MESSAGE_PONG:
    case KV_MESSAGE_SCHEDULE:
    case KV_MESSAGE_JOIN:
    case KV_MESSAGE_SESSION:
    case KV_MESSAGE_START:
    case KV_MESSAGE_CUE:
    case KV_MESSAGE_GOODBYE:
    case KV_MESSAGE_END:
    case KV_MESSAGE_ERROR:
    case KV_MESSAGE_STAFF_ROSTER:
    default:
      return FALSE;
    }
}

gboolean
kv_message_type_is_from_server (KvMessageType type)
{
  if ((guint) type >= KV_MESSAGE_N_TYPES)
    return FALSE;

  /* sdp and ice go both ways: the server relays them to the peer kiosk. */
  if (type == KV_MESSAGE_SDP || type == KV_MESSAGE_ICE)
    return TRUE;

  return !kv_message_type_is_from_kiosk (type);
}

/**
 * kv_message_type_get_min_version:
 * @type: a message type
 *
 * A connection that signed in with an older version does not know the
 * message: the server neither sends it there nor takes it from there.
 *
 * Returns: the first protocol version with this message
 */
guint
kv_message_type_get_min_version (KvMessageType type)
{
  switch (type)
    {
    case KV_MESSAGE_PAUSE:
    case KV_MESSAGE_MUTE:
    case KV_MESSAGE_CHILD_ALERT:
      return 2;
    case KV_MESSAGE_STAFF_ROSTER:
      return 3;
    default:
      return 1;
    }
}

void
kv_ice_server_free (KvIceServer *server)
{
  if (server == NULL)
    return;

  g_clear_pointer (&server->urls, g_ptr_array_unref);
  g_free (server->username);
  /* The credential is a secret: don't leave it in freed memory. */
  if (server->credential != NULL)
    memset (server->credential, 0, strlen (server->credential));
  g_free (server->credential);
  g_free (server);
}

static KvIceServer *
ice_server_copy (const KvIceServer *server)
{
  KvIceServer *copy = g_new0 (KvIceServer, 1);

  copy->urls = g_ptr_array_new_with_free_func (g_free);
  if (server->urls != NULL)
    for (guint i = 0; i < server->urls->len; i++)
      g_ptr_array_add (copy->urls, g_strdup (g_ptr_array_index (server->urls, i)));
  copy->username = g_strdup (server->username);
  copy->credential = g_strdup (server->credential);

  return copy;
}

KvMessage *
kv_message_new (KvMessageType type)
{
  KvMessage *message;

  g_return_val_if_fail ((guint) type < KV_MESSAGE_N_TYPES, NULL);

  message = g_new0 (KvMessage, 1);
  message->type = type;

  /* Lists are always there, so that users can append to them at once. */
  switch (type)
    {
    case KV_MESSAGE_HELLO:
      message->hello.version = KV_PROTOCOL_VERSION_CURRENT;
      break;
    case KV_MESSAGE_WELCOME:
      message->welcome.version = KV_PROTOCOL_VERSION_CURRENT;
      break;
    case KV_MESSAGE_SCHEDULE:
      message->schedule.bookings =
        g_ptr_array_new_with_free_func ((GDestroyNotify) kv_booking_free);
      break;
    case KV_MESSAGE_JOIN:
      message->join.ice_servers =
        g_ptr_array_new_with_free_func ((GDestroyNotify) kv_ice_server_free);
      break;
    case KV_MESSAGE_STAFF_ROSTER:
      message->staff_roster.staff =
        g_ptr_array_new_with_free_func ((GDestroyNotify) kv_roster_entry_free);
      break;
    case KV_MESSAGE_PING:
    case KV_MESSAGE_PONG:
    case KV_MESSAGE_PRESENCE:
    case KV_MESSAGE_CONFIRM:
    case KV_MESSAGE_SESSION:
    case KV_MESSAGE_START:
    case KV_MESSAGE_CUE:
    case KV_MESSAGE_GOODBYE:
    case KV_MESSAGE_END:
    case KV_MESSAGE_STAFF_END:
    case KV_MESSAGE_MEDIA:
    case KV_MESSAGE_PAUSE:
    case KV_MESSAGE_MUTE:
    case KV_MESSAGE_CHILD_ALERT:
    case KV_MESSAGE_SDP:
    case KV_MESSAGE_ICE:
    case KV_MESSAGE_ERROR:
    default:
      break;
    }

  return message;
}

static void
free_secret (char *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

void
kv_message_free (KvMessage *message)
{
  if (message == NULL)
    return;

  switch (message->type)
    {
    case KV_MESSAGE_HELLO:
      free_secret (message->hello.token);
      g_free (message->hello.software);
      break;
    case KV_MESSAGE_WELCOME:
      g_free (message->welcome.kiosk_id);
      g_free (message->welcome.kiosk_label);
      break;
    case KV_MESSAGE_SCHEDULE:
      g_clear_pointer (&message->schedule.bookings, g_ptr_array_unref);
      break;
    case KV_MESSAGE_JOIN:
      g_free (message->join.booking_id);
      g_clear_pointer (&message->join.ice_servers, g_ptr_array_unref);
      break;
    case KV_MESSAGE_END:
      g_free (message->end.booking_id);
      g_free (message->end.reason);
      break;
    case KV_MESSAGE_STAFF_END:
      g_free (message->staff_end.booking_id);
      g_free (message->staff_end.reason);
      g_free (message->staff_end.staff_id);
      break;
    case KV_MESSAGE_STAFF_ROSTER:
      g_free (message->staff_roster.time_zone);
      g_clear_pointer (&message->staff_roster.staff, g_ptr_array_unref);
      break;
    case KV_MESSAGE_CONFIRM:
      g_free (message->confirm.booking_id);
      g_free (message->confirm.staff_id);
      break;
    case KV_MESSAGE_PAUSE:
      g_free (message->pause.booking_id);
      g_free (message->pause.staff_id);
      break;
    case KV_MESSAGE_MUTE:
      g_free (message->mute.booking_id);
      g_free (message->mute.staff_id);
      break;
    case KV_MESSAGE_SDP:
      g_free (message->sdp.booking_id);
      g_free (message->sdp.sdp);
      break;
    case KV_MESSAGE_ICE:
      g_free (message->ice.booking_id);
      g_free (message->ice.candidate);
      break;
    case KV_MESSAGE_ERROR:
      g_free (message->error.message);
      g_free (message->error.in_reply_to);
      break;
    case KV_MESSAGE_PRESENCE:
    case KV_MESSAGE_SESSION:
    case KV_MESSAGE_START:
    case KV_MESSAGE_CUE:
    case KV_MESSAGE_GOODBYE:
    case KV_MESSAGE_MEDIA:
    case KV_MESSAGE_CHILD_ALERT:
      /* booking_id is the first member of each of these structs. */
      g_free (message->presence.booking_id);
      break;
    case KV_MESSAGE_PING:
    case KV_MESSAGE_PONG:
    default:
      break;
    }

  g_free (message);
}

KvMessage *
kv_message_copy (const KvMessage *message)
{
  KvMessage *copy;

  g_return_val_if_fail (message != NULL, NULL);

  copy = g_new0 (KvMessage, 1);
  *copy = *message;

  /* The shallow copy above took the scalars; now replace every pointer. */
  switch (message->type)
    {
    case KV_MESSAGE_HELLO:
      copy->hello.token = g_strdup (message->hello.token);
      copy->hello.software = g_strdup (message->hello.software);
      break;
    case KV_MESSAGE_WELCOME:
      copy->welcome.kiosk_id = g_strdup (message->welcome.kiosk_id);
      copy->welcome.kiosk_label = g_strdup (message->welcome.kiosk_label);
      break;
    case KV_MESSAGE_SCHEDULE:
      copy->schedule.bookings = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_booking_free);
      if (message->schedule.bookings != NULL)
        for (guint i = 0; i < message->schedule.bookings->len; i++)
          g_ptr_array_add (copy->schedule.bookings,
                           kv_booking_copy (g_ptr_array_index (message->schedule.bookings, i)));
      break;
    case KV_MESSAGE_JOIN:
      copy->join.booking_id = g_strdup (message->join.booking_id);
      copy->join.ice_servers = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_ice_server_free);
      if (message->join.ice_servers != NULL)
        for (guint i = 0; i < message->join.ice_servers->len; i++)
          g_ptr_array_add (copy->join.ice_servers,
                           ice_server_copy (g_ptr_array_index (message->join.ice_servers, i)));
      break;
    case KV_MESSAGE_END:
      copy->end.booking_id = g_strdup (message->end.booking_id);
      copy->end.reason = g_strdup (message->end.reason);
      break;
    case KV_MESSAGE_STAFF_END:
      copy->staff_end.booking_id = g_strdup (message->staff_end.booking_id);
      copy->staff_end.reason = g_strdup (message->staff_end.reason);
      copy->staff_end.staff_id = g_strdup (message->staff_end.staff_id);
      break;
    case KV_MESSAGE_STAFF_ROSTER:
      copy->staff_roster.time_zone = g_strdup (message->staff_roster.time_zone);
      copy->staff_roster.staff =
        g_ptr_array_new_with_free_func ((GDestroyNotify) kv_roster_entry_free);
      if (message->staff_roster.staff != NULL)
        for (guint i = 0; i < message->staff_roster.staff->len; i++)
          g_ptr_array_add (copy->staff_roster.staff,
                           kv_roster_entry_copy (g_ptr_array_index (message->staff_roster.staff,
                                                                    i)));
      break;
    case KV_MESSAGE_CONFIRM:
      copy->confirm.booking_id = g_strdup (message->confirm.booking_id);
      copy->confirm.staff_id = g_strdup (message->confirm.staff_id);
      break;
    case KV_MESSAGE_PAUSE:
      copy->pause.booking_id = g_strdup (message->pause.booking_id);
      copy->pause.staff_id = g_strdup (message->pause.staff_id);
      break;
    case KV_MESSAGE_MUTE:
      copy->mute.booking_id = g_strdup (message->mute.booking_id);
      copy->mute.staff_id = g_strdup (message->mute.staff_id);
      break;
    case KV_MESSAGE_SDP:
      copy->sdp.booking_id = g_strdup (message->sdp.booking_id);
      copy->sdp.sdp = g_strdup (message->sdp.sdp);
      break;
    case KV_MESSAGE_ICE:
      copy->ice.booking_id = g_strdup (message->ice.booking_id);
      copy->ice.candidate = g_strdup (message->ice.candidate);
      break;
    case KV_MESSAGE_ERROR:
      copy->error.message = g_strdup (message->error.message);
      copy->error.in_reply_to = g_strdup (message->error.in_reply_to);
      break;
    case KV_MESSAGE_PRESENCE:
    case KV_MESSAGE_SESSION:
    case KV_MESSAGE_START:
    case KV_MESSAGE_CUE:
    case KV_MESSAGE_GOODBYE:
    case KV_MESSAGE_MEDIA:
    case KV_MESSAGE_CHILD_ALERT:
      copy->presence.booking_id = g_strdup (message->presence.booking_id);
      break;
    case KV_MESSAGE_PING:
    case KV_MESSAGE_PONG:
    default:
      break;
    }

  return copy;
}

const char *
kv_message_get_booking_id (const KvMessage *message)
{
  g_return_val_if_fail (message != NULL, NULL);

  switch (message->type)
    {
    case KV_MESSAGE_JOIN:
      return message->join.booking_id;
    case KV_MESSAGE_PRESENCE:
      return message->presence.booking_id;
    case KV_MESSAGE_CONFIRM:
      return message->confirm.booking_id;
    case KV_MESSAGE_SESSION:
      return message->session.booking_id;
    case KV_MESSAGE_START:
      return message->start.booking_id;
    case KV_MESSAGE_CUE:
      return message->cue.booking_id;
    case KV_MESSAGE_GOODBYE:
      return message->goodbye.booking_id;
    case KV_MESSAGE_END:
      return message->end.booking_id;
    case KV_MESSAGE_STAFF_END:
      return message->staff_end.booking_id;
    case KV_MESSAGE_MEDIA:
      return message->media.booking_id;
    case KV_MESSAGE_PAUSE:
      return message->pause.booking_id;
    case KV_MESSAGE_MUTE:
      return message->mute.booking_id;
    case KV_MESSAGE_CHILD_ALERT:
      return message->child_alert.booking_id;
    case KV_MESSAGE_SDP:
      return message->sdp.booking_id;
    case KV_MESSAGE_ICE:
      return message->ice.booking_id;
    case KV_MESSAGE_HELLO:
    case KV_MESSAGE_WELCOME:
    case KV_MESSAGE_PING:
    case KV_MESSAGE_PONG:
    case KV_MESSAGE_SCHEDULE:
    case KV_MESSAGE_ERROR:
    case KV_MESSAGE_STAFF_ROSTER:
    default:
      return NULL;
    }
}

/* The staff id of the messages that carry one (version 3), or NULL. */
static char **
staff_id_slot (KvMessage *message)
{
  switch (message->type)
    {
    case KV_MESSAGE_CONFIRM:
      return &message->confirm.staff_id;
    case KV_MESSAGE_STAFF_END:
      return &message->staff_end.staff_id;
    case KV_MESSAGE_PAUSE:
      return &message->pause.staff_id;
    case KV_MESSAGE_MUTE:
      return &message->mute.staff_id;
    default:
      return NULL;
    }
}

/**
 * kv_message_get_staff_id:
 * @message: a message
 *
 * Returns: (nullable): who opened the staff panel for a confirm,
 *   staff_end, pause or mute, or %NULL (the site PIN, or another message)
 */
const char *
kv_message_get_staff_id (const KvMessage *message)
{
  char **slot;

  g_return_val_if_fail (message != NULL, NULL);

  slot = staff_id_slot ((KvMessage *) message);
  return slot != NULL ? *slot : NULL;
}

/**
 * kv_message_set_staff_id:
 * @message: a confirm, staff_end, pause or mute
 * @staff_id: (nullable): the staff member's id, or %NULL for none
 *
 * Returns: whether @message carries a staff id
 */
gboolean
kv_message_set_staff_id (KvMessage  *message,
                         const char *staff_id)
{
  char **slot;

  g_return_val_if_fail (message != NULL, FALSE);

  slot = staff_id_slot (message);
  if (slot == NULL)
    return FALSE;
  g_free (*slot);
  *slot = g_strdup (staff_id);
  return TRUE;
}

KvRosterEntry *
kv_roster_entry_new (const char *id,
                     const char *name,
                     const char *pin_hash)
{
  KvRosterEntry *entry = g_new0 (KvRosterEntry, 1);

  entry->id = g_strdup (id);
  entry->name = g_strdup (name);
  entry->pin_hash = g_strdup (pin_hash);
  return entry;
}

KvRosterEntry *
kv_roster_entry_copy (const KvRosterEntry *entry)
{
  return kv_roster_entry_new (entry->id, entry->name, entry->pin_hash);
}

void
kv_roster_entry_free (KvRosterEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->id);
  g_free (entry->name);
  g_free (entry->pin_hash);
  g_free (entry);
}

/**
 * kv_protocol_is_valid_time_zone:
 * @name: (nullable): a time zone name
 *
 * Whether @name looks like an IANA time zone name ("Europe/Zagreb",
 * "America/Argentina/Buenos_Aires", "UTC", "Etc/GMT+1"): ASCII letters,
 * digits, '_', '-', '+' in '/'-separated parts that are not empty, "." or
 * "..". The name need not exist in this machine's tzdata: a kiosk that
 * does not know it keeps its own zone. The rules keep the name from
 * leaving the zoneinfo folder when GLib opens it.
 *
 * Returns: whether @name is plausible
 */
gboolean
kv_protocol_is_valid_time_zone (const char *name)
{
  gsize length = name != NULL ? strlen (name) : 0;
  gsize part_length = 0;

  if (length == 0 || length > KV_PROTOCOL_MAX_TIME_ZONE_SIZE || !g_ascii_isalpha (name[0]))
    return FALSE;

  for (gsize i = 0; i <= length; i++)
    {
      char c = name[i];

      if (c == '/' || c == '\0')
        {
          if (part_length == 0)
            return FALSE;
          part_length = 0;
          continue;
        }
      if (!(g_ascii_isalnum (c) || c == '_' || c == '-' || c == '+'))
        return FALSE;
      part_length++;
    }

  return TRUE;
}

/* Makes any text fit the protocol's rules for an error message: valid
 * UTF-8, no control characters but newline and tab, at most
 * KV_PROTOCOL_MAX_TEXT_CHARS characters (cut without splitting one). Error
 * texts come from anywhere (SQLite, GIO, peers' input): the reply built from
 * them must always be sendable and parse on the kiosk. */
static char *
make_sendable_text (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;
  glong n_chars = 0;

  if (text == NULL)
    return g_strdup ("");
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0' && n_chars < KV_PROTOCOL_MAX_TEXT_CHARS;
       p = g_utf8_next_char (p), n_chars++)
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) && c != '\n' && c != '\t')
        g_string_append_c (out, ' ');
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }

  return g_string_free (out, FALSE);
}

KvMessage *
kv_message_new_error (KvProtocolError  code,
                      const char      *in_reply_to,
                      const char      *format,
                      ...)
{
  g_autofree char *text = NULL;
  KvMessage *message;
  va_list args;

  g_return_val_if_fail ((guint) code < G_N_ELEMENTS (error_names), NULL);
  g_return_val_if_fail (format != NULL, NULL);

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  message = kv_message_new (KV_MESSAGE_ERROR);
  message->error.code = code;
  message->error.message = make_sendable_text (text);
  /* The refused message's type may be anything a peer sent: only echo it
   * when it has the syntax of a name, so the reply itself stays valid. */
  if (in_reply_to != NULL && kv_protocol_is_valid_id (in_reply_to))
    message->error.in_reply_to = g_strdup (in_reply_to);

  return message;
}

KvMessage *
kv_message_new_error_from_gerror (const GError *error,
                                  const char   *in_reply_to)
{
  KvProtocolError code = KV_PROTOCOL_ERROR_INTERNAL;

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == KV_PROTOCOL_ERROR &&
      (guint) error->code < G_N_ELEMENTS (error_names))
    code = (KvProtocolError) error->code;

  return kv_message_new_error (code, in_reply_to, "%s", error->message);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-pin.h"
#include "kv-protocol.h"
#include "kv-protocol-private.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fuzz target for the protocol codec (libFuzzer entry point; fuzz-driver.c
 * runs it without libFuzzer in the default test suite).
 *
 * Whatever the input, kv_message_parse() either returns a message or a
 * KV_PROTOCOL_ERROR with a readable message, and never crashes or leaks.
 * When it returns a message, that message must be sendable: it serializes
 * within the size limit, parses back to an equal message, and its written
 * form is canonical (writing it again gives the same bytes). A refusal must
 * also be sendable: the error reply built from it round-trips, as does an
 * error reply whose text is the input itself. */

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

#define CHECK(cond)                                                             \
  G_STMT_START {                                                                \
    if (G_UNLIKELY (!(cond)))                                                   \
      {                                                                         \
        fprintf (stderr, "fuzz-protocol: check failed: %s (%s:%d)\n", #cond,    \
                 __FILE__, __LINE__);                                           \
        abort ();                                                               \
      }                                                                         \
  } G_STMT_END

static void
check_refusal (const GError *error)
{
  g_autoptr(KvMessage) reply = NULL;
  g_autoptr(KvMessage) reparsed = NULL;
  g_autoptr(GError) reply_error = NULL;
  g_autofree char *json = NULL;
  gsize length;

  CHECK (error != NULL);
  CHECK (error->domain == KV_PROTOCOL_ERROR);
  /* The codec gives only the codes about the message itself. */
  CHECK (error->code >= KV_PROTOCOL_ERROR_MALFORMED);
  CHECK (error->code <= KV_PROTOCOL_ERROR_UNSUPPORTED_VERSION);
  CHECK (error->message != NULL && strchr (error->message, ':') != NULL);
  CHECK (g_utf8_validate (error->message, -1, NULL));

  reply = kv_message_new_error_from_gerror (error, "fuzz");
  json = kv_message_serialize (reply, &length);
  reparsed = kv_message_parse (json, length, &reply_error);
  CHECK (reply_error == NULL);
  CHECK (kv_message_equal (reply, reparsed));
}

static void
check_accepted (const KvMessage *message)
{
  g_autoptr(KvMessage) reparsed = NULL;
  g_autoptr(KvMessage) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json_again = NULL;
  gsize length, length_again;

  CHECK ((guint) message->type < KV_MESSAGE_N_TYPES);

  json = kv_message_serialize (message, &length);
  CHECK (json != NULL && length == strlen (json));
  CHECK (length <= KV_PROTOCOL_MAX_MESSAGE_SIZE);

  reparsed = kv_message_parse (json, length, &error);
  if (error != NULL)
    fprintf (stderr, "fuzz-protocol: written form refused: %s\n", error->message);
  CHECK (error == NULL && reparsed != NULL);
  CHECK (kv_message_equal (message, reparsed));

  json_again = kv_message_serialize (reparsed, &length_again);
  CHECK (length == length_again && memcmp (json, json_again, length) == 0);

  copy = kv_message_copy (message);
  CHECK (kv_message_equal (message, copy));
  CHECK (g_strcmp0 (kv_message_get_booking_id (message), kv_message_get_booking_id (copy)) == 0);
  CHECK (g_strcmp0 (kv_message_get_staff_id (message), kv_message_get_staff_id (copy)) == 0);
  /* An accepted roster holds only hashes a kiosk can check in bounded time. */
  if (message->type == KV_MESSAGE_STAFF_ROSTER)
    for (guint i = 0; i < message->staff_roster.staff->len; i++)
      {
        const KvRosterEntry *entry = g_ptr_array_index (message->staff_roster.staff, i);

        CHECK (kv_pin_hash_validate (entry->pin_hash, NULL));
      }
}

/* An error reply built from any text (and any refused type name) must be
 * sendable too: error texts come from databases, GIO and peers. */
static void
check_error_from_text (const uint8_t *data,
                       size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, MIN (size, 2048));
  g_autoptr(KvMessage) reply = kv_message_new_error (KV_PROTOCOL_ERROR_INTERNAL, text, "%s", text);
  g_autoptr(KvMessage) reparsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  gsize length;

  json = kv_message_serialize (reply, &length);
  reparsed = kv_message_parse (json, length, &error);
  if (error != NULL)
    fprintf (stderr, "fuzz-protocol: error reply refused: %s\n", error->message);
  CHECK (error == NULL);
  CHECK (kv_message_equal (reply, reparsed));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvMessage) message = NULL;

  message = kv_message_parse ((const char *) data, size, &error);
  if (message == NULL)
    check_refusal (error);
  else
    {
      CHECK (error == NULL);
      check_accepted (message);
    }
  check_error_from_text (data, size);

  return 0;
}

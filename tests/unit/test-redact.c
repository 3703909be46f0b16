/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-redact.h"

#include <json-glib/json-glib.h>

#include <string.h>

#define TOKEN "kvdev_Zm9vYmFyYmF6cXV4cXV1eGNvcmdl"

static void
test_token (void)
{
  g_autofree char *redacted = kv_redact_token (TOKEN);
  g_autofree char *again = kv_redact_token (TOKEN);
  g_autofree char *other = kv_redact_token (TOKEN "x");
  g_autofree char *none = kv_redact_token (NULL);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, TOKEN, -1);
  g_autofree char *expected = g_strdup_printf ("token:%.8s", digest);

  g_assert_cmpstr (redacted, ==, expected);
  /* Stable, so one kiosk's lines can be followed through a log... */
  g_assert_cmpstr (redacted, ==, again);
  /* ...and different tokens look different. */
  g_assert_cmpstr (redacted, !=, other);
  g_assert_null (strstr (redacted, "Zm9v"));
  g_assert_null (strstr (redacted, "kvdev"));
  g_assert_cmpstr (none, ==, "token:(none)");
}

static void
test_text (void)
{
  g_autofree char *label = kv_redact_text ("Łucja");
  g_autofree char *none = kv_redact_text (NULL);

  g_assert_cmpstr (label, ==, "(5 chars)");
  g_assert_cmpstr (none, ==, "(none)");
}

static void
test_url (void)
{
  static const char * const cases[][2] = {
    { "turn://1790000000%3Ak-1:c2VjcmV0@turn.example.org:443?transport=tcp",
      "turn://(redacted)@turn.example.org:443" },
    { "turn:alice:s3cret@turn.example.org", "turn:(redacted)@turn.example.org" },
    { "wss://kinvisit.example.org/ws?token=abc", "wss://kinvisit.example.org" },
    { "stun://stun.example.org:3478", "stun://stun.example.org:3478" },
    { "turn://u:p@ss@turn.example.org", "turn://(redacted)@turn.example.org" },
    { "no url here", "(not a URL)" },
  };
  g_autofree char *none = kv_redact_url (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *redacted = kv_redact_url (cases[i][0]);

      g_assert_cmpstr (redacted, ==, cases[i][1]);
    }
  g_assert_cmpstr (none, ==, "(none)");
}

typedef struct
{
  const char *name;
  const char *message;
  const char *must_keep[4];   /* substrings that stay */
  const char *must_drop[4];   /* substrings that go */
} RedactCase;

static const RedactCase redact_cases[] = {
  { "hello",
    "{\"type\":\"hello\",\"version\":1,\"token\":\"" TOKEN "\",\"software\":\"kinvisit-kiosk\"}",
    { "\"type\":\"hello\"", "\"version\":1", "\"software\":\"kinvisit-kiosk\"",
      "\"token\":\"(redacted, 34 bytes)\"" },
    { TOKEN, "Zm9v" } },
  { "sdp",
    "{\"type\":\"sdp\",\"booking_id\":\"b-17\",\"generation\":2,\"sdp_type\":\"offer\","
    "\"sdp\":\"v=0\\r\\no=- 4611 2 IN IP4 192.0.2.7\\r\\na=fingerprint:sha-256 AB:CD\\r\\n\"}",
    { "\"booking_id\":\"b-17\"", "\"generation\":2", "\"sdp_type\":\"offer\"" },
    { "192.0.2.7", "fingerprint", "v=0" } },
  { "ice",
    "{\"type\":\"ice\",\"booking_id\":\"b-17\",\"mline_index\":0,"
    "\"candidate\":\"candidate:1 1 UDP 2013266431 198.51.100.4 50000 typ host\"}",
    { "\"mline_index\":0", "\"candidate\":\"(redacted" },
    { "198.51.100.4", "typ host" } },
  { "end-of-candidates",
    "{\"type\":\"ice\",\"booking_id\":\"b-17\",\"candidate\":\"\"}",
    { "\"candidate\":\"\"" },
    { "redacted" } },
  { "schedule",
    "{\"type\":\"schedule\",\"bookings\":[{\"id\":\"b-1\",\"prison_label\":\"Dad\","
    "\"community_label\":\"Lena\",\"age_band\":\"4-7\"},{\"id\":\"b-2\","
    "\"prison_label\":\"Mum\",\"community_label\":\"Tomek\"}]}",
    { "\"id\":\"b-1\"", "\"id\":\"b-2\"", "\"age_band\":\"4-7\"" },
    { "Dad", "Lena", "Mum", "Tomek" } },
  { "join",
    "{\"type\":\"join\",\"booking_id\":\"b-1\",\"ice_servers\":[{\"urls\":"
    "[\"turn:turn.example.org:3478?transport=udp\"],\"username\":\"1790000000:kiosk-3\","
    "\"credential\":\"c2VjcmV0LWNyZWRlbnRpYWw=\"}]}",
    { "turn:turn.example.org:3478?transport=udp", "\"booking_id\":\"b-1\"" },
    { "c2VjcmV0LWNyZWRlbnRpYWw=", "kiosk-3" } },
  { "staff-end",
    "{\"type\":\"staff_end\",\"booking_id\":\"b-9\",\"reason\":\"Parent upset about court date\"}",
    { "\"booking_id\":\"b-9\"" },
    { "court", "upset" } },
  { "welcome",
    "{\"type\":\"welcome\",\"kiosk_id\":\"k-2\",\"role\":\"prison\","
    "\"kiosk_label\":\"Visit room 2\"}",
    { "\"kiosk_id\":\"k-2\"", "\"role\":\"prison\"" },
    { "Visit room" } },
  { "non-string-secret",
    "{\"type\":\"hello\",\"token\":{\"nested\":\"" TOKEN "\"}}",
    { "\"token\":\"(redacted)\"" },
    { TOKEN } },
};

static void
test_message (gconstpointer data)
{
  const RedactCase *test_case = data;
  g_autofree char *redacted = kv_redact_message (test_case->message, -1);
  g_autoptr(JsonParser) parser = json_parser_new ();

  /* Still JSON: a debug log stays machine-readable. */
  g_assert_true (json_parser_load_from_data (parser, redacted, -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (test_case->must_keep) && test_case->must_keep[i]; i++)
    {
      if (strstr (redacted, test_case->must_keep[i]) == NULL)
        g_error ("%s: '%s' missing from %s", test_case->name, test_case->must_keep[i], redacted);
    }
  for (guint i = 0; i < G_N_ELEMENTS (test_case->must_drop) && test_case->must_drop[i]; i++)
    {
      if (strstr (redacted, test_case->must_drop[i]) != NULL)
        g_error ("%s: '%s' leaked into %s", test_case->name, test_case->must_drop[i], redacted);
    }
}

static void
test_not_json (void)
{
  const char secret_garbage[] = "token=" TOKEN " not json {";
  const char bad_utf8[] = "{\"token\":\"\xff\xfe" TOKEN "\"}";
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autofree char *redacted = kv_redact_message (secret_garbage, -1);
  g_autofree char *redacted_utf8 = kv_redact_message (bad_utf8, -1);
  g_autofree char *redacted_deep = NULL;
  g_autofree char *redacted_null = kv_redact_message (NULL, 0);
  g_autofree char *redacted_cut = kv_redact_message ("{\"token\":\"abc\"}", 5);

  /* What is not JSON is never echoed: it may be a secret. */
  g_autofree char *expected = g_strdup_printf ("(unparseable message, %zu bytes)",
                                               sizeof secret_garbage - 1);

  g_assert_cmpstr (redacted, ==, expected);
  g_assert_null (strstr (redacted_utf8, TOKEN));
  g_assert_true (g_str_has_prefix (redacted_utf8, "(unparseable message"));
  g_assert_cmpstr (redacted_null, ==, "(no message)");
  g_assert_cmpstr (redacted_cut, ==, "(unparseable message, 5 bytes)");

  /* Hostile nesting is refused before the recursive parser sees it. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  redacted_deep = kv_redact_message (deep->str, (gssize) deep->len);
  g_assert_cmpstr (redacted_deep, ==, "(unparseable message, 100000 bytes)");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/redact/token", test_token);
  g_test_add_func ("/redact/text", test_text);
  g_test_add_func ("/redact/url", test_url);
  for (guint i = 0; i < G_N_ELEMENTS (redact_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/redact/message/%s", redact_cases[i].name);
      g_test_add_data_func (path, &redact_cases[i], test_message);
    }
  g_test_add_func ("/redact/not-json", test_not_json);

  return g_test_run ();
}

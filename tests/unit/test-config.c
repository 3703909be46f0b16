/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-clock.h"
#include "kv-core-enums.h"
#include "kv-kiosk-config.h"
#include "kv-pin.h"
#include "kv-server-config.h"
#include "kv-shipped-languages.h"

#include <glib/gstdio.h>

#include <string.h>

/* Valid secrets for the data-driven tables: only the configuration is bad. */
#define KIOSK_SECRETS                                                         \
  "[secrets]\n"                                                               \
  "device-token=test-device-token-0123456789\n"                               \
  "staff-pin-hash=pbkdf2-sha256$1000$a2ludmlzaXQtc2FsdC0xNg==$"               \
  "RQsJUVJ5FnRK3zeI9t66IBXyUCS/Rj4xouiZ4ohaPAI=\n"
#define SERVER_SECRETS                                                        \
  "[secrets]\n"                                                               \
  "admin-token=test-admin-token-0123456789\n"                                 \
  "turn-secret=test-turn-secret\n"

#define MINIMAL_KIOSK \
  "[kiosk]\nrole=community\nserver-url=wss://kinvisit.example.org/ws\n"

typedef struct
{
  char    *dir;      /* a private temporary directory */
  GObject *config;   /* what the test loaded, finalized in teardown */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("kv-test-config-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_assert_cmpint (g_unlink (child), ==, 0);
    }
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  if (fixture->config != NULL)
    g_assert_finalize_object (fixture->config);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static char *
source_path (const char *first,
             ...)
{
  const char *root = g_getenv ("KV_SOURCE_ROOT");
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *part;
  va_list args;

  g_assert_nonnull (root);
  g_ptr_array_add (parts, (gpointer) root);
  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);

  return g_build_filenamev ((char **) parts->pdata);
}

static char *
write_file (const char *dir,
            const char *name,
            const char *contents,
            int         mode)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  /* git does not keep modes, and g_file_set_contents() uses 0666 & umask. */
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
  return g_steal_pointer (&path);
}

static void
copy_file (const char *from,
           const char *dir,
           const char *name,
           int         mode)
{
  g_autofree char *contents = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (from, &contents, NULL, &error);
  g_assert_no_error (error);
  path = write_file (dir, name, contents, mode);
}

/* The examples in kiosk-config/ as an administrator installs them: the
 * configuration, its secrets at mode 0600, and the files they name. */
static char *
install_example (Fixture    *fixture,
                 const char *example,
                 const char *config_name,
                 const char *secrets_name)
{
  g_autofree char *conf_name = g_strconcat (example, ".conf", NULL);
  g_autofree char *secrets_example = g_strconcat (example, ".secrets.example", NULL);
  g_autofree char *conf = source_path ("kiosk-config", conf_name, NULL);
  g_autofree char *secrets = source_path ("kiosk-config", secrets_example, NULL);
  g_autofree char *ca = NULL, *cert = NULL, *key = NULL;

  copy_file (conf, fixture->dir, config_name, 0644);
  copy_file (secrets, fixture->dir, secrets_name, 0600);
  ca = write_file (fixture->dir, "kinvisit-ca.pem", "", 0644);
  cert = write_file (fixture->dir, "tls/server.pem", "", 0644);
  key = write_file (fixture->dir, "tls/server.key", "", 0600);

  return g_build_filename (fixture->dir, config_name, NULL);
}

static void
test_example_community (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *path = install_example (fixture, "community", "community.conf",
                                           "kiosk.secrets");
  g_autofree char *expected_ca = g_build_filename (fixture->dir, "kinvisit-ca.pem", NULL);
  g_autoptr(GError) error = NULL;
  KvKioskConfig *config;
  const KvMediaConfig *media;

  config = kv_kiosk_config_new_from_file (path, &error);
  g_assert_no_error (error);
  fixture->config = G_OBJECT (config);

  g_assert_cmpint (kv_kiosk_config_get_role (config), ==, KV_ROLE_COMMUNITY);
  g_assert_cmpstr (kv_kiosk_config_get_server_url (config), ==, "wss://kinvisit.example.org/ws");
  g_assert_cmpstr (kv_kiosk_config_get_ca_file (config), ==, expected_ca);
  g_assert_cmpstr (kv_kiosk_config_get_label (config), ==, "Riverside family centre, room A");
  g_assert_cmpstr (kv_kiosk_config_get_language (config), ==, "en");
  /* No languages= in the example: every language the kiosk ships. */
  g_assert_cmpstrv (kv_kiosk_config_get_languages (config), kv_shipped_languages_get_codes ());
  g_assert_true (kv_kiosk_config_get_hide_cursor (config));
  g_assert_cmpuint (kv_kiosk_config_get_heartbeat_seconds (config), ==, 10);
  g_assert_cmpuint (kv_kiosk_config_get_pin_attempts (config), ==, 5);
  g_assert_cmpstr (kv_kiosk_config_get_device_token (config), ==,
                   "EXAMPLE-community-device-token-replace-me");
  /* The example hash really is the documented example PIN. */
  g_assert_true (kv_pin_verify (kv_kiosk_config_get_staff_pin_hash (config), "123456", &error));
  g_assert_no_error (error);

  media = kv_kiosk_config_get_media (config);
  g_assert_cmpint (media->video_source, ==, KV_VIDEO_SOURCE_V4L2);
  g_assert_cmpuint (media->width, ==, 640);
  g_assert_cmpuint (media->jitter_latency_ms, ==, 50);
  g_assert_cmpuint (media->n_codecs, ==, 2);
  g_assert_cmpint (media->codecs[0], ==, KV_VIDEO_CODEC_H264);
  g_assert_cmpuint (g_strv_length (media->turn_servers), ==, 2);
  g_assert_cmpuint (g_strv_length (media->local_addresses), ==, 0);
  g_assert_true (kv_media_config_wants_echo_cancel (media));
  g_assert_false (kv_media_config_has_netsim (media));
}

static void
test_example_prison (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *path = install_example (fixture, "prison", "kiosk.conf", "kiosk.secrets");
  g_autoptr(GError) error = NULL;
  KvKioskConfig *config;

  /* Installed the way a site does it: /etc/kinvisit/kiosk.conf. */
  config = kv_kiosk_config_new_from_dir (fixture->dir, &error);
  g_assert_no_error (error);
  fixture->config = G_OBJECT (config);

  g_assert_cmpint (kv_kiosk_config_get_role (config), ==, KV_ROLE_PRISON);
  g_assert_cmpstr (kv_kiosk_config_get_label (config), ==, "HMP Example, visit room 2");
  g_assert_cmpstrv (kv_kiosk_config_get_languages (config), kv_shipped_languages_get_codes ());
  g_assert_true (kv_kiosk_config_get_large_text (config));
  g_assert_cmpuint (kv_kiosk_config_get_pin_attempts (config), ==, 3);
  g_assert_cmpuint (kv_kiosk_config_get_pin_lockout_minutes (config), ==, 15);
  g_assert_true (kv_kiosk_config_get_media (config)->relay_only);
  g_assert_cmpstr (kv_kiosk_config_get_media (config)->audio_sink_device, ==,
                   "alsa_output.pci-0000_00_1f.3.analog-stereo");
  g_assert_true (kv_pin_verify (kv_kiosk_config_get_staff_pin_hash (config), "654321", NULL));
}

static void
test_example_server (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *path = install_example (fixture, "server", "server.conf", "server.secrets");
  g_autofree char *expected_cert = g_build_filename (fixture->dir, "tls", "server.pem", NULL);
  g_autoptr(GError) error = NULL;
  const KvSiteRules *rules;
  KvServerConfig *config;

  config = kv_server_config_new_from_file (path, &error);
  g_assert_no_error (error);
  fixture->config = G_OBJECT (config);

  g_assert_cmpstr (kv_server_config_get_listen_address (config), ==, "0.0.0.0");
  g_assert_cmpuint (kv_server_config_get_port (config), ==, 8443);
  g_assert_true (kv_server_config_get_uses_tls (config));
  g_assert_cmpstr (kv_server_config_get_tls_certificate (config), ==, expected_cert);
  g_assert_cmpstr (kv_server_config_get_database (config), ==, "/var/lib/kinvisit/kinvisit.db");
  g_assert_cmpuint (kv_server_config_get_schedule_days (config), ==, 7);
  g_assert_cmpstr (kv_server_config_get_admin_token (config), ==,
                   "EXAMPLE-admin-token-replace-with-openssl-rand");
  g_assert_cmpstr (kv_server_config_get_turn_secret (config), ==,
                   "EXAMPLE-turn-shared-secret-replace-me");
  g_assert_cmpuint (g_strv_length ((GStrv) kv_server_config_get_turn_urls (config)), ==, 2);
  g_assert_cmpstr (kv_server_config_get_stun_urls (config)[0], ==, "stun:turn.example.org:3478");
  g_assert_cmpstr (kv_server_config_get_metrics_token (config), ==,
                   "EXAMPLE-metrics-token-replace-me");
  g_assert_cmpuint (kv_server_config_get_limits (config)->max_connections, ==, 12000);
  g_assert_cmpuint (kv_server_config_get_limits (config)->max_unauthenticated_per_address, ==, 32);
  g_assert_cmpuint (kv_server_config_get_limits (config)->sign_in_timeout_s, ==, 10);
  g_assert_cmpuint (kv_server_config_get_retention_bookings_days (config), ==, 90);
  g_assert_cmpuint (kv_server_config_get_retention_audit_days (config), ==, 365);
  g_assert_cmpuint (kv_server_config_get_staff (config)->session_idle_minutes, ==, 30);
  g_assert_cmpuint (kv_server_config_get_staff (config)->session_max_hours, ==, 12);
  g_assert_cmpuint (kv_server_config_get_staff (config)->sign_in_window_minutes, ==, 15);
  g_assert_cmpuint (kv_server_config_get_staff (config)->sign_in_failures_per_account, ==, 5);
  g_assert_cmpuint (kv_server_config_get_staff (config)->sign_in_failures_per_address, ==, 20);

  rules = kv_server_config_get_site_rules (config);
  g_assert_cmpint (rules->min_length_us, ==, 10 * KV_USEC_PER_MINUTE);
  g_assert_cmpint (rules->max_length_us, ==, 60 * KV_USEC_PER_MINUTE);
  g_assert_cmpint (rules->join_window_us, ==, 10 * KV_USEC_PER_MINUTE);
  g_assert_cmpint (rules->goodbye_us, ==, 60 * KV_USEC_PER_SECOND);
  g_assert_cmpint (rules->makeup_max_us, ==, 10 * KV_USEC_PER_MINUTE);
  g_assert_true (rules->cue_half_way);
  g_assert_cmpuint (rules->n_cues, ==, 2);
  g_assert_cmpuint (rules->cue_seconds_left[0], ==, 300);
  g_assert_cmpuint (rules->cue_seconds_left[1], ==, 120);
}


/* ---- The table of bad configurations in tests/data/config/ ---------------
 * Each file starts with "# expect: <error nick>" and "# message: <text the
 * administrator must see>"; a .secrets file beside it replaces the valid
 * secrets. The same files seed the configuration fuzzer. */

typedef struct
{
  gboolean  server;
  char     *path;
} BadCase;

static void
bad_case_free (gpointer data)
{
  BadCase *bad = data;

  g_free (bad->path);
  g_free (bad);
}

static char *
header_value (const char *contents,
              const char *name)
{
  g_autofree char *prefix = g_strdup_printf ("# %s: ", name);
  const char *start = strstr (contents, prefix);
  const char *end;

  g_assert_nonnull (start);
  start += strlen (prefix);
  end = strchr (start, '\n');
  g_assert_nonnull (end);
  return g_strndup (start, (gsize) (end - start));
}

static void
test_bad_file (gconstpointer data)
{
  const BadCase *bad = data;
  g_autofree char *contents = NULL;
  g_autofree char *secrets = NULL;
  g_autofree char *expect = NULL;
  g_autofree char *message = NULL;
  g_autofree char *secrets_path = NULL;
  g_autofree char *base = g_strndup (bad->path, strlen (bad->path) - strlen (".conf"));
  g_autoptr(GEnumClass) codes = g_type_class_ref (KV_TYPE_CONFIG_ERROR);
  g_autoptr(GError) error = NULL;
  GEnumValue *code;
  gsize length;
  GObject *config;

  g_file_get_contents (bad->path, &contents, &length, &error);
  g_assert_no_error (error);
  expect = header_value (contents, "expect");
  message = header_value (contents, "message");
  code = g_enum_get_value_by_nick (codes, expect);
  g_assert_nonnull (code);

  secrets_path = g_strconcat (base, ".secrets", NULL);
  if (g_file_test (secrets_path, G_FILE_TEST_EXISTS))
    g_file_get_contents (secrets_path, &secrets, NULL, NULL);
  else
    secrets = g_strdup (bad->server ? SERVER_SECRETS : KIOSK_SECRETS);

  if (bad->server)
    config = (GObject *) kv_server_config_new_from_data (contents, length, secrets, &error);
  else
    config = (GObject *) kv_kiosk_config_new_from_data (contents, length, secrets, &error);

  g_assert_null (config);
  g_assert_error (error, KV_CONFIG_ERROR, code->value);
  if (strstr (error->message, message) == NULL)
    g_error ("%s: expected '%s' in the message, got '%s'", bad->path, message, error->message);
  /* Secrets never appear in messages. */
  g_assert_null (strstr (error->message, "test-device-token"));
  g_assert_null (strstr (error->message, "test-admin-token"));
  g_assert_null (strstr (error->message, "hunter2"));
  g_assert_null (strstr (error->message, "RQsJUVJ5"));
}

static guint
add_bad_files (const char *folder,
               gboolean    server)
{
  g_autofree char *dir_path = source_path ("tests", "data", "config", folder, NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_suffix (name, ".conf"))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, (GCompareFunc) g_ascii_strcasecmp);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      BadCase *bad = g_new0 (BadCase, 1);
      g_autofree char *base = g_strndup (file, strlen (file) - strlen (".conf"));
      g_autofree char *test_path = g_strdup_printf ("/config/%s/%s", folder, base);

      bad->server = server;
      bad->path = g_build_filename (dir_path, file, NULL);
      g_test_add_data_func_full (test_path, bad, test_bad_file, bad_case_free);
    }

  return names->len;
}

/* ---- Loading from disk ---------------------------------------------------- */

static GObject *
load_kiosk_dir (Fixture  *fixture,
                GError  **error)
{
  return (GObject *) kv_kiosk_config_new_from_dir (fixture->dir, error);
}

static void
test_secrets_refused (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *conf = write_file (fixture->dir, "kiosk.conf", MINIMAL_KIOSK, 0644);
  g_autofree char *secrets = write_file (fixture->dir, "kiosk.secrets", KIOSK_SECRETS, 0644);
  g_autoptr(GError) error = NULL;

  /* A kiosk with readable secrets does not start (test-secrets.c has the
   * modes); it says which file and how to fix it. */
  g_assert_null (load_kiosk_dir (fixture, &error));
  g_assert_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_SECRETS_PERMISSIONS);
  g_assert_nonnull (strstr (error->message, secrets));
  g_assert_nonnull (strstr (error->message, "chmod 600"));
  g_clear_error (&error);

  g_assert_cmpint (g_unlink (secrets), ==, 0);
  g_assert_null (load_kiosk_dir (fixture, &error));
  g_assert_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_SECRETS_MISSING);
  g_assert_nonnull (strstr (error->message, secrets));
}

static void
test_config_missing (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "nope.conf", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_null (load_kiosk_dir (fixture, &error));
  g_assert_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "kiosk.conf: does not exist"));
  g_clear_error (&error);

  g_assert_null (kv_server_config_new_from_file (missing, &error));
  g_assert_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* --config pointing at a folder. */
  g_assert_null (kv_kiosk_config_load (fixture->dir, &error));
  g_assert_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_NOT_FOUND);
}

static void
test_named_files_missing (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autofree char *kiosk = write_file (fixture->dir, "kiosk.conf",
                                       MINIMAL_KIOSK "ca-file=pinned-ca.pem\n", 0644);
  g_autofree char *server = write_file (fixture->dir, "server.conf",
                                        "[server]\ntls-certificate=/nonexistent/cert.pem\n"
                                        "tls-key=key.pem\n", 0644);
  g_autofree char *secrets = write_file (fixture->dir, "kiosk.secrets", KIOSK_SECRETS, 0600);
  g_autoptr(GError) error = NULL;

  g_assert_null (kv_kiosk_config_new_from_file (kiosk, &error));
  g_assert_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "ca-file="));
  g_assert_nonnull (strstr (error->message, "pinned-ca.pem does not exist"));
  g_clear_error (&error);

  g_assert_null (kv_server_config_new_from_file (server, &error));
  g_assert_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "tls-certificate=/nonexistent/cert.pem"));
}

static void
test_conf_d_order (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *a = write_file (fixture->dir, "kiosk.conf",
                                   MINIMAL_KIOSK "label=Main\n[media]\nframerate=30\n", 0644);
  g_autofree char *b = write_file (fixture->dir, "kiosk.conf.d/20-label.conf",
                                   "[kiosk]\nlabel=Twenty\n", 0644);
  g_autofree char *c = write_file (fixture->dir, "kiosk.conf.d/10-media.conf",
                                   "[kiosk]\nlabel=Ten\n[media]\nframerate=15\nwidth=320\n",
                                   0644);
  /* Not *.conf, or hidden: ignored, so packaging leftovers do no harm. */
  g_autofree char *d = write_file (fixture->dir, "kiosk.conf.d/30-old.conf.dpkg-old",
                                   "garbage", 0644);
  g_autofree char *e = write_file (fixture->dir, "kiosk.conf.d/.40-hidden.conf",
                                   "garbage", 0644);
  /* A drop-in that moves the secrets: relative to the drop-in's folder. */
  g_autofree char *f = write_file (fixture->dir, "kiosk.conf.d/90-secrets.conf",
                                   "[kiosk]\nsecrets-file=private/kiosk.secrets\n", 0644);
  g_autofree char *secrets = write_file (fixture->dir, "kiosk.conf.d/private/kiosk.secrets",
                                         KIOSK_SECRETS, 0600);
  g_autofree char *bad = NULL;
  g_autoptr(GError) error = NULL;
  KvKioskConfig *config;

  config = kv_kiosk_config_new_from_dir (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kv_kiosk_config_get_label (config), ==, "Twenty");
  g_assert_cmpuint (kv_kiosk_config_get_media (config)->framerate, ==, 15);
  g_assert_cmpuint (kv_kiosk_config_get_media (config)->width, ==, 320);
  g_assert_cmpuint (kv_kiosk_config_get_media (config)->height, ==, 480);
  g_assert_cmpstr (kv_kiosk_config_get_device_token (config), ==, "test-device-token-0123456789");
  g_assert_finalize_object (config);

  /* --config FILE reads that file only: no drop-ins, default secrets path. */
  g_assert_null (kv_kiosk_config_new_from_file (a, &error));
  g_assert_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_SECRETS_MISSING);
  g_clear_error (&error);

  /* An error in a drop-in names the drop-in, not kiosk.conf. */
  bad = write_file (fixture->dir, "kiosk.conf.d/50-bad.conf", "[media]\nframerate=200\n", 0644);
  g_assert_null (kv_kiosk_config_new_from_dir (fixture->dir, &error));
  g_assert_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_OUT_OF_RANGE);
  g_assert_true (g_str_has_prefix (error->message, bad));
}

/* ---- Objects and values ---------------------------------------------------- */

static void
assert_read_only (GType type,
                  guint min_properties)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (type);
  g_autofree GParamSpec **specs = NULL;
  guint n_specs = 0;

  specs = g_object_class_list_properties (G_OBJECT_CLASS (klass), &n_specs);
  g_assert_cmpuint (n_specs, >=, min_properties);
  for (guint i = 0; i < n_specs; i++)
    {
      g_assert_true (specs[i]->flags & G_PARAM_READABLE);
      if (specs[i]->flags & (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT | G_PARAM_CONSTRUCT_ONLY))
        g_error ("%s:%s can be set", g_type_name (type), specs[i]->name);
    }
  /* Secrets are not properties at all. */
  g_assert_null (g_object_class_find_property (G_OBJECT_CLASS (klass), "device-token"));
  g_assert_null (g_object_class_find_property (G_OBJECT_CLASS (klass), "admin-token"));
}

static void
test_immutable (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(KvMediaConfig) media = NULL;
  g_autoptr(GError) error = NULL;
  KvKioskConfig *config;

  assert_read_only (KV_TYPE_KIOSK_CONFIG, 15);
  assert_read_only (KV_TYPE_SERVER_CONFIG, 10);

  config = kv_kiosk_config_new_from_data (MINIMAL_KIOSK, strlen (MINIMAL_KIOSK), NULL, &error);
  g_assert_no_error (error);
  fixture->config = G_OBJECT (config);

  /* The media property hands out a copy: changing it changes nothing. */
  g_object_get (config, "media", &media, NULL);
  g_assert_true (media != kv_kiosk_config_get_media (config));
  media->framerate = 5;
  g_assert_cmpuint (kv_kiosk_config_get_media (config)->framerate, ==, 30);
}

/* A helper who sees and hears the visit is a prison visit room's: a
 * community kiosk that says its room is supervised is misconfigured, and
 * the administrator is told which file, key and role. */
static void
test_supervised_prison_only (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autofree char *conf = NULL;
  g_autofree char *secrets = write_file (fixture->dir, "kiosk.secrets", KIOSK_SECRETS, 0600);
  g_autoptr(GError) error = NULL;
  KvKioskConfig *config;

  conf = write_file (fixture->dir, "kiosk.conf",
                     "[kiosk]\nrole=community\nserver-url=wss://kinvisit.example.org/ws\n"
                     "supervised=true\n", 0644);
  g_assert_null (kv_kiosk_config_new_from_dir (fixture->dir, &error));
  g_assert_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_INVALID_VALUE);
  /* The whole message: the file (by its path), the key and the role. */
  g_assert_true (g_str_has_prefix (error->message, conf));
  g_assert_true (g_str_has_suffix (error->message,
                                   "kiosk.conf: [kiosk] supervised=true is only for role=prison "
                                   "(this kiosk is community)"));
  g_clear_error (&error);
  g_free (conf);

  /* false is what a community kiosk may say (the default). */
  conf = write_file (fixture->dir, "kiosk.conf",
                     "[kiosk]\nrole=community\nserver-url=wss://kinvisit.example.org/ws\n"
                     "supervised=false\n", 0644);
  config = kv_kiosk_config_new_from_dir (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_false (kv_kiosk_config_get_supervised (config));
  g_assert_finalize_object (config);
  g_free (conf);

  conf = write_file (fixture->dir, "kiosk.conf",
                     "[kiosk]\nrole=prison\nserver-url=wss://kinvisit.example.org/ws\n"
                     "supervised=true\n", 0644);
  config = kv_kiosk_config_new_from_dir (fixture->dir, &error);
  g_assert_no_error (error);
  fixture->config = G_OBJECT (config);
  g_assert_cmpint (kv_kiosk_config_get_role (config), ==, KV_ROLE_PRISON);
  g_assert_true (kv_kiosk_config_get_supervised (config));
}

static void
test_defaults (Fixture       *fixture,
               gconstpointer  user_data)
{
  static const char server_data[] = "[server]\n";
  g_autoptr(KvMediaConfig) defaults = kv_media_config_new_defaults ();
  g_autoptr(KvServerConfig) server = NULL;
  g_autofree char *languages = NULL;
  g_autofree char *shipped = NULL;
  g_autoptr(GError) error = NULL;
  const KvMediaConfig *media;
  KvSiteRules expected_rules;
  KvKioskConfig *config;
  KvRole role;

  config = kv_kiosk_config_new_from_data (MINIMAL_KIOSK, strlen (MINIMAL_KIOSK), NULL, &error);
  g_assert_no_error (error);
  fixture->config = G_OBJECT (config);

  g_object_get (config, "role", &role, NULL);
  g_assert_cmpint (role, ==, KV_ROLE_COMMUNITY);
  g_assert_null (kv_kiosk_config_get_ca_file (config));
  g_assert_null (kv_kiosk_config_get_label (config));
  g_assert_null (kv_kiosk_config_get_device_token (config));
  g_assert_cmpstr (kv_kiosk_config_get_language (config), ==, "en");
  /* Every language the kiosk ships (po/LINGUAS, test-shipped-languages),
   * English first. */
  languages = g_strjoinv (";", (GStrv) kv_kiosk_config_get_languages (config));
  shipped = g_strjoinv (";", (GStrv) kv_shipped_languages_get_codes ());
  g_assert_cmpstr (languages, ==, shipped);
  g_assert_cmpstr (kv_kiosk_config_get_languages (config)[0], ==, "en");
  g_assert_true (kv_kiosk_config_get_hide_cursor (config));
  g_assert_false (kv_kiosk_config_get_high_contrast (config));
  g_assert_cmpuint (kv_kiosk_config_get_pin_lockout_minutes (config), ==, 5);
  /* The last staff roster goes to the kiosk user's XDG state folder. */
  {
    g_autofree char *roster = g_build_filename (g_get_user_state_dir (), "kinvisit",
                                                "staff-roster.json", NULL);

    g_assert_cmpstr (kv_kiosk_config_get_roster_file (config), ==, roster);
  }

  media = kv_kiosk_config_get_media (config);
  g_assert_cmpstr (media->video_device, ==, "/dev/video0");
  g_assert_cmpstr (media->test_pattern, ==, "smpte");
  g_assert_cmpint (media->audio_sink, ==, KV_AUDIO_SINK_PULSE);
  g_assert_cmpuint (media->height, ==, defaults->height);
  g_assert_cmpuint (media->framerate, ==, 30);
  g_assert_cmpuint (media->video_bitrate_kbps, ==, 1000);
  g_assert_cmpint (media->codecs[1], ==, KV_VIDEO_CODEC_VP8);
  g_assert_cmpint (media->echo_cancel, ==, KV_ECHO_CANCEL_AUTO);
  g_assert_nonnull (media->stun_servers);
  g_assert_null (media->stun_servers[0]);
  g_assert_false (media->relay_only);
  g_assert_cmpfloat (media->netsim_drop_probability, ==, 0.0);

  server = kv_server_config_new_from_data (server_data, strlen (server_data), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kv_server_config_get_listen_address (server), ==, "127.0.0.1");
  g_assert_cmpuint (kv_server_config_get_port (server), ==, 8443);
  g_assert_false (kv_server_config_get_uses_tls (server));
  g_assert_null (kv_server_config_get_turn_urls (server)[0]);
  kv_site_rules_init_defaults (&expected_rules);
  g_assert_cmpmem (kv_server_config_get_site_rules (server), sizeof expected_rules,
                   &expected_rules, sizeof expected_rules);
}

static void
test_values (Fixture       *fixture,
             gconstpointer  user_data)
{
  static const char kiosk_data[] =
    "[kiosk]\nrole=prison\nserver-url=ws://127.0.0.1:8080/ws\nlanguages= pl ; en ;\n"
    "language=pl\n"
    "[media]\nvideo-source=test\naudio-source=test\naudio-sink=fake\ncodecs=vp8\n"
    "local-addresses=127.0.0.1;::1\nnetsim-drop-probability=0.05\nnetsim-max-kbps=500\n"
    "stun-servers=stun:[2001:db8::1]:3479;stun://stun.example.org\n";
  static const char server_data[] =
    "[server]\nlisten-address=192.0.2.10\nallow-insecure=true\nport=0\n"
    "[rules]\ncues=90s;half-way;10m\ngoodbye-seconds=30\nmin-notice-minutes=120\n"
    "[turn]\nurls=\n";
  static const char remote_ws[] =
    "[kiosk]\nrole=community\nserver-url=ws://192.0.2.1/ws\nallow-insecure=true\n";
  g_autoptr(KvServerConfig) server = NULL;
  g_autoptr(KvKioskConfig) insecure = NULL;
  g_autoptr(GError) error = NULL;
  const KvMediaConfig *media;
  const KvSiteRules *rules;
  KvKioskConfig *config;

  /* ws:// is fine to this machine. */
  config = kv_kiosk_config_new_from_data (kiosk_data, strlen (kiosk_data), KIOSK_SECRETS,
                                          &error);
  g_assert_no_error (error);
  fixture->config = G_OBJECT (config);
  g_assert_cmpstr (kv_kiosk_config_get_languages (config)[0], ==, "pl");
  g_assert_cmpstr (kv_kiosk_config_get_languages (config)[1], ==, "en");
  g_assert_null (kv_kiosk_config_get_languages (config)[2]);
  media = kv_kiosk_config_get_media (config);
  g_assert_cmpuint (media->n_codecs, ==, 1);
  g_assert_cmpint (media->codecs[0], ==, KV_VIDEO_CODEC_VP8);
  g_assert_false (kv_media_config_wants_echo_cancel (media));
  g_assert_true (kv_media_config_has_netsim (media));
  g_assert_cmpfloat_with_epsilon (media->netsim_drop_probability, 0.05, 1e-9);
  g_assert_cmpstr (media->local_addresses[1], ==, "::1");
  g_assert_cmpuint (g_strv_length (media->stun_servers), ==, 2);

  /* ...and elsewhere only when the administrator says so. */
  insecure = kv_kiosk_config_new_from_data (remote_ws, strlen (remote_ws), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kv_kiosk_config_get_allow_insecure (insecure));

  server = kv_server_config_new_from_data (server_data, strlen (server_data), SERVER_SECRETS,
                                           &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kv_server_config_get_port (server), ==, 0);
  rules = kv_server_config_get_site_rules (server);
  g_assert_true (rules->cue_half_way);
  g_assert_cmpuint (rules->n_cues, ==, 2);
  g_assert_cmpuint (rules->cue_seconds_left[0], ==, 600);
  g_assert_cmpuint (rules->cue_seconds_left[1], ==, 90);
  g_assert_cmpint (rules->goodbye_us, ==, 30 * KV_USEC_PER_SECOND);
  g_assert_cmpint (rules->min_notice_us, ==, 120 * KV_USEC_PER_MINUTE);
  /* The TURN secret may be there without TURN servers. */
  g_assert_cmpstr (kv_server_config_get_turn_secret (server), ==, "test-turn-secret");
}

static void
test_no_cues (Fixture       *fixture,
              gconstpointer  user_data)
{
  static const char data[] = "[server]\n[rules]\ncues=\n";
  g_autoptr(GError) error = NULL;
  KvServerConfig *config;

  config = kv_server_config_new_from_data (data, strlen (data), NULL, &error);
  g_assert_no_error (error);
  fixture->config = G_OBJECT (config);
  g_assert_false (kv_server_config_get_site_rules (config)->cue_half_way);
  g_assert_cmpuint (kv_server_config_get_site_rules (config)->n_cues, ==, 0);
}

/* Random bytes and mangled valid files: never a crash, never a warning,
 * always either an object or a KV_CONFIG_ERROR. The fuzzer goes further. */
static void
test_garbage (void)
{
  static const char base[] =
    "[kiosk]\nrole=prison\nserver-url=wss://k.example.org/ws\nlabel=Room\n"
    "[media]\ncodecs=h264;vp8\nstun-servers=stun:s.example.org:3478\nframerate=25\n";
  GRand *rand = g_rand_new_with_seed (20260322);

  for (guint round = 0; round < 2000; round++)
    {
      g_autofree char *data = g_memdup2 (base, sizeof base);
      g_autoptr(GError) error = NULL;
      gsize length = sizeof base - 1;
      GObject *config;

      for (guint flips = g_rand_int_range (rand, 1, 6); flips > 0; flips--)
        data[g_rand_int_range (rand, 0, (gint32) length)] = (char) g_rand_int_range (rand, 0, 256);

      if (round % 2 == 0)
        config = (GObject *) kv_kiosk_config_new_from_data (data, length, KIOSK_SECRETS, &error);
      else
        config = (GObject *) kv_server_config_new_from_data (data, length, data, &error);

      if (config != NULL)
        g_assert_finalize_object (config);
      else
        g_assert_true (error != NULL && error->domain == KV_CONFIG_ERROR);
    }

  g_rand_free (rand);
}

static void
add_file_tests (void)
{
  guint n_kiosk, n_server;

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/config/secrets/refused", test_secrets_refused);
  ADD ("/config/files/config-missing", test_config_missing);
  ADD ("/config/files/named-files-missing", test_named_files_missing);
  ADD ("/config/files/conf-d-order", test_conf_d_order);
  ADD ("/config/object/immutable", test_immutable);
  ADD ("/config/object/defaults", test_defaults);
  ADD ("/config/object/values", test_values);
  ADD ("/config/object/no-cues", test_no_cues);
  ADD ("/config/kiosk/supervised-prison-only", test_supervised_prison_only);
#undef ADD
  g_test_add_func ("/config/garbage", test_garbage);

  n_kiosk = add_bad_files ("bad-kiosk", FALSE);
  n_server = add_bad_files ("bad-server", TRUE);
  /* The table must really be there: an empty folder would pass silently. */
  g_assert_cmpuint (n_kiosk, >=, 40);
  g_assert_cmpuint (n_server, >=, 20);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/config/example/community", Fixture, NULL,
              fixture_set_up, test_example_community, fixture_tear_down);
  g_test_add ("/config/example/prison", Fixture, NULL,
              fixture_set_up, test_example_prison, fixture_tear_down);
  g_test_add ("/config/example/server", Fixture, NULL,
              fixture_set_up, test_example_server, fixture_tear_down);
  add_file_tests ();

  return g_test_run ();
}

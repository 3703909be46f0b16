/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-secrets.h"

#include <glib/gstdio.h>

#include <string.h>

#define TOKEN "test-device-token-0123456789"
#define SECRETS "[secrets]\ndevice-token=" TOKEN "\n"

static const char * const kiosk_keys[] = { "device-token", "staff-pin-hash", NULL };

typedef struct
{
  char *dir;
  char *path;   /* dir/kiosk.secrets */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("kv-test-secrets-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "kiosk.secrets", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  if (g_file_test (fixture->path, G_FILE_TEST_IS_DIR))
    g_assert_cmpint (g_rmdir (fixture->path), ==, 0);
  else if (g_file_test (fixture->path, G_FILE_TEST_EXISTS))
    g_assert_cmpint (g_unlink (fixture->path), ==, 0);
  g_assert_cmpint (g_rmdir (fixture->dir), ==, 0);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
write_secrets (Fixture    *fixture,
               const char *contents,
               int         mode)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (fixture->path, contents, -1, &error);
  g_assert_no_error (error);
  /* g_file_set_contents() creates 0666 & umask; set what the test means. */
  g_assert_cmpint (g_chmod (fixture->path, mode), ==, 0);
}

static void
test_permissions (Fixture       *fixture,
                  gconstpointer  user_data)
{
  /* 0640 is allowed so root can own the file and the service's group read
   * it; any bit for others, or group write, is refused. */
  static const struct { int mode; gboolean ok; } modes[] = {
    { 0600, TRUE }, { 0400, TRUE }, { 0640, TRUE }, { 0440, TRUE },
    { 0644, FALSE }, { 0660, FALSE }, { 0604, FALSE }, { 0602, FALSE },
    { 0601, FALSE }, { 0620, FALSE }, { 0666, FALSE }, { 0777, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(KvSecrets) secrets = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *mode = g_strdup_printf ("%04o", modes[i].mode);

      write_secrets (fixture, SECRETS, modes[i].mode);
      secrets = kv_secrets_load (fixture->path, kiosk_keys, &error);

      if (modes[i].ok)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (kv_secrets_get (secrets, "device-token"), ==, TOKEN);
          continue;
        }

      g_assert_null (secrets);
      g_assert_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_SECRETS_PERMISSIONS);
      g_assert_nonnull (strstr (error->message, fixture->path));
      g_assert_nonnull (strstr (error->message, mode));
      g_assert_nonnull (strstr (error->message, "chmod 600"));
      g_assert_null (strstr (error->message, TOKEN));
    }
}

static void
test_missing (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (kv_secrets_load (fixture->path, kiosk_keys, &error));
  g_assert_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_SECRETS_MISSING);
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir (fixture->path, 0700), ==, 0);
  g_assert_null (kv_secrets_load (fixture->path, kiosk_keys, &error));
  g_assert_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_SECRETS_MISSING);
}

static void
test_values (Fixture       *fixture,
             gconstpointer  user_data)
{
  static const char data[] =
    "# comment\n[secrets]\ndevice-token =  " TOKEN "  \nstaff-pin-hash=\n";
  g_autoptr(KvSecrets) secrets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  secrets = kv_secrets_new_from_data (data, strlen (data), "kiosk.secrets", kiosk_keys, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kv_secrets_get_display_name (secrets), ==, "kiosk.secrets");
  token = kv_secrets_dup_required (secrets, "device-token", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, TOKEN);

  /* Empty is missing. */
  g_assert_null (kv_secrets_get (secrets, "staff-pin-hash"));
  g_assert_null (kv_secrets_dup_required (secrets, "staff-pin-hash", &error));
  g_assert_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_SECRETS_MISSING);
  g_assert_nonnull (strstr (error->message, "kiosk.secrets: [secrets] staff-pin-hash"));
}

typedef struct
{
  const char    *data;
  KvConfigError  code;
} BadSecrets;

static const BadSecrets bad_secrets[] = {
  { "device-token=" TOKEN "\n", KV_CONFIG_ERROR_PARSE },
  { "[secrets\ndevice-token=" TOKEN "\n", KV_CONFIG_ERROR_PARSE },
  { "[secrets]\n" TOKEN "\n", KV_CONFIG_ERROR_PARSE },
  { "[kiosk]\ndevice-token=" TOKEN "\n", KV_CONFIG_ERROR_UNKNOWN_GROUP },
  { "[secrets]\ndevice_token=" TOKEN "\n", KV_CONFIG_ERROR_UNKNOWN_KEY },
  { "[secrets]\nadmin-token=" TOKEN "\n", KV_CONFIG_ERROR_UNKNOWN_KEY },
  { "[secrets]\ndevice-token=\"" TOKEN "\"x y\n", KV_CONFIG_ERROR_INVALID_VALUE },
  { "[secrets]\ndevice-token=" TOKEN "\xc3\xa9\n", KV_CONFIG_ERROR_INVALID_VALUE },
  { "[secrets]\ndevice-token=" TOKEN "\xff\n", KV_CONFIG_ERROR_INVALID_VALUE },
};

static void
test_bad (gconstpointer data)
{
  const BadSecrets *bad = data;
  g_autoptr(KvSecrets) secrets = NULL;
  g_autoptr(GError) error = NULL;

  secrets = kv_secrets_new_from_data (bad->data, strlen (bad->data), "kiosk.secrets",
                                      kiosk_keys, &error);
  g_assert_null (secrets);
  g_assert_error (error, KV_CONFIG_ERROR, (int) bad->code);
  /* GLib's parse messages quote the offending line: ours never do, the
   * line may be a token. */
  g_assert_null (strstr (error->message, TOKEN));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/secrets/permissions", Fixture, NULL, fixture_set_up, test_permissions,
              fixture_tear_down);
  g_test_add ("/secrets/missing", Fixture, NULL, fixture_set_up, test_missing,
              fixture_tear_down);
  g_test_add ("/secrets/values", Fixture, NULL, fixture_set_up, test_values,
              fixture_tear_down);
  for (guint i = 0; i < G_N_ELEMENTS (bad_secrets); i++)
    {
      g_autofree char *path = g_strdup_printf ("/secrets/bad/%u", i);
      g_test_add_data_func (path, &bad_secrets[i], test_bad);
    }

  return g_test_run ();
}

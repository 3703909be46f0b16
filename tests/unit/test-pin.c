/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-pin.h"

#include <string.h>
#include <time.h>

typedef struct
{
  const char *password;
  gsize       password_length;
  const char *salt;
  gsize       salt_length;
  guint       iterations;
  const char *hex;
} Pbkdf2Vector;

#define S(text) text, sizeof (text) - 1

/* RFC 7914 section 11, and the widely used PBKDF2-HMAC-SHA256 vectors in the
 * style of RFC 6070 (cross-checked with Python's hashlib.pbkdf2_hmac). */
static const Pbkdf2Vector pbkdf2_vectors[] = {
  { S ("passwd"), S ("salt"), 1,
    "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
    "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783" },
  { S ("Password"), S ("NaCl"), 80000,
    "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
    "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d" },
  { S ("password"), S ("salt"), 1,
    "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b" },
  { S ("password"), S ("salt"), 2,
    "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43" },
  { S ("password"), S ("salt"), 4096,
    "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a" },
  { S ("passwordPASSWORDpassword"), S ("saltSALTsaltSALTsaltSALTsaltSALTsalt"), 4096,
    "348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9" },
  { S ("pass\0word"), S ("sa\0lt"), 4096, "89b69d0516f829893c696226650a8687" },
};

static void
test_pbkdf2_vector (gconstpointer data)
{
  const Pbkdf2Vector *vector = data;
  gsize key_length = strlen (vector->hex) / 2;
  g_autofree guint8 *key = g_malloc0 (key_length);
  g_autoptr(GString) hex = g_string_new (NULL);

  kv_pbkdf2_hmac_sha256 ((const guint8 *) vector->password, vector->password_length,
                         (const guint8 *) vector->salt, vector->salt_length,
                         vector->iterations, key, key_length);

  for (gsize i = 0; i < key_length; i++)
    g_string_append_printf (hex, "%02x", key[i]);
  g_assert_cmpstr (hex->str, ==, vector->hex);
}

static void
test_round_trip (void)
{
  g_autofree char *encoded = kv_pin_hash_new ("482915", KV_PIN_MIN_ITERATIONS);
  g_autofree char *again = kv_pin_hash_new ("482915", KV_PIN_MIN_ITERATIONS);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = NULL;

  g_assert_true (g_str_has_prefix (encoded, "pbkdf2-sha256$1000$"));
  parts = g_strsplit (encoded, "$", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 4);
  /* The PIN itself is nowhere in the stored form. */
  g_assert_null (strstr (encoded, "482915"));
  /* Random salt: the same PIN never hashes the same twice. */
  g_assert_cmpstr (encoded, !=, again);

  g_assert_true (kv_pin_hash_validate (encoded, &error));
  g_assert_no_error (error);
  g_assert_true (kv_pin_verify (encoded, "482915", &error));
  g_assert_no_error (error);
  g_assert_true (kv_pin_verify (again, "482915", &error));
  g_assert_no_error (error);
}

static void
test_wrong_pin (void)
{
  g_autofree char *encoded = kv_pin_hash_new ("1234", KV_PIN_MIN_ITERATIONS);
  const char *wrong[] = { "1235", "12345", "123", "", "4321", "1234 ", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (kv_pin_verify (encoded, wrong[i], &error));
      g_assert_error (error, KV_PIN_ERROR, KV_PIN_ERROR_WRONG_PIN);
    }
}

static void
test_known_hash (void)
{
  /* Made with Python: pbkdf2_hmac('sha256', b'2468', b'kinvisit-salt-16', 1000). */
  const char *encoded = "pbkdf2-sha256$1000$a2ludmlzaXQtc2FsdC0xNg==$"
                        "RQsJUVJ5FnRK3zeI9t66IBXyUCS/Rj4xouiZ4ohaPAI=";
  g_autoptr(GError) error = NULL;

  g_assert_true (kv_pin_verify (encoded, "2468", &error));
  g_assert_no_error (error);
  g_assert_false (kv_pin_verify (encoded, "2469", &error));
  g_assert_error (error, KV_PIN_ERROR, KV_PIN_ERROR_WRONG_PIN);
}

typedef struct
{
  const char *encoded;
  KvPinError  code;
} MalformedCase;

#define GOOD_SALT "a2ludmlzaXQtc2FsdC0xNg=="
#define GOOD_HASH "RQsJUVJ5FnRK3zeI9t66IBXyUCS/Rj4xouiZ4ohaPAI="

static const MalformedCase malformed_cases[] = {
  { "", KV_PIN_ERROR_MALFORMED },
  { "1234", KV_PIN_ERROR_MALFORMED },
  { "pbkdf2-sha256", KV_PIN_ERROR_MALFORMED },
  { "pbkdf2-sha256$1000$" GOOD_SALT, KV_PIN_ERROR_MALFORMED },
  { "pbkdf2-sha256$1000$" GOOD_SALT "$" GOOD_HASH "$extra", KV_PIN_ERROR_MALFORMED },
  { "pbkdf2-sha1$1000$" GOOD_SALT "$" GOOD_HASH, KV_PIN_ERROR_UNSUPPORTED },
  { "bcrypt$1000$" GOOD_SALT "$" GOOD_HASH, KV_PIN_ERROR_UNSUPPORTED },
  { "pbkdf2-sha256$abc$" GOOD_SALT "$" GOOD_HASH, KV_PIN_ERROR_MALFORMED },
  { "pbkdf2-sha256$-1000$" GOOD_SALT "$" GOOD_HASH, KV_PIN_ERROR_MALFORMED },
  { "pbkdf2-sha256$$" GOOD_SALT "$" GOOD_HASH, KV_PIN_ERROR_MALFORMED },
  { "pbkdf2-sha256$99999999999999999999$" GOOD_SALT "$" GOOD_HASH, KV_PIN_ERROR_MALFORMED },
  /* Too cheap to protect anything, or so slow each check would hang the kiosk. */
  { "pbkdf2-sha256$1$" GOOD_SALT "$" GOOD_HASH, KV_PIN_ERROR_UNSUPPORTED },
  { "pbkdf2-sha256$4000000000$" GOOD_SALT "$" GOOD_HASH, KV_PIN_ERROR_UNSUPPORTED },
  { "pbkdf2-sha256$1000$!!!!$" GOOD_HASH, KV_PIN_ERROR_MALFORMED },
  { "pbkdf2-sha256$1000$$" GOOD_HASH, KV_PIN_ERROR_MALFORMED },
  { "pbkdf2-sha256$1000$c2FsdA==$" GOOD_HASH, KV_PIN_ERROR_MALFORMED },  /* 4-byte salt */
  { "pbkdf2-sha256$1000$" GOOD_SALT "$aGFzaA==", KV_PIN_ERROR_MALFORMED }, /* 4-byte hash */
  { "pbkdf2-sha256$1000$" GOOD_SALT "$" GOOD_HASH "=", KV_PIN_ERROR_MALFORMED },
  { "pbkdf2-sha256$1000$a2lu=mlzaXQtc2FsdC0xNg=$" GOOD_HASH, KV_PIN_ERROR_MALFORMED },
  { "pbkdf2-sha256$1000$" GOOD_SALT "$RQsJUVJ5FnRK3zeI9t66IBXyUCS/Rj4xouiZ4ohaPAI\n",
    KV_PIN_ERROR_MALFORMED },
  { "pbkdf2-sha256$1000$" GOOD_SALT "$" GOOD_HASH GOOD_HASH GOOD_HASH GOOD_HASH GOOD_HASH
    GOOD_HASH GOOD_HASH, KV_PIN_ERROR_MALFORMED },
};

static void
test_malformed (gconstpointer data)
{
  const MalformedCase *test_case = data;
  g_autoptr(GError) error = NULL;

  g_assert_false (kv_pin_hash_validate (test_case->encoded, &error));
  g_assert_error (error, KV_PIN_ERROR, (int) test_case->code);
  /* Messages never echo the stored hash. */
  if (strlen (test_case->encoded) > 20)
    g_assert_null (strstr (error->message, test_case->encoded));
  g_clear_error (&error);

  g_assert_false (kv_pin_verify (test_case->encoded, "1234", &error));
  g_assert_error (error, KV_PIN_ERROR, (int) test_case->code);
}

static void
test_null_hash (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (kv_pin_verify (NULL, "1234", &error));
  g_assert_error (error, KV_PIN_ERROR, KV_PIN_ERROR_MALFORMED);
}

static void
test_check (void)
{
  const char *good[] = { "1234", "000000", "123456789012" };
  const char *bad[] = { "", "123", "1234567890123", "12a4", "12 34", "١٢٣٤", "-1234" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (kv_pin_check (good[i], NULL));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (kv_pin_check (bad[i], &error));
      g_assert_error (error, KV_PIN_ERROR, KV_PIN_ERROR_INVALID_PIN);
    }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double left = *(const double *) a;
  double right = *(const double *) b;

  return left < right ? -1 : left > right ? 1 : 0;
}

/* Only with -m perf: how long a staff PIN check takes at the default cost. */
static void
test_verify_speed (void)
{
  g_autofree char *encoded = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu_times = g_array_new (FALSE, FALSE, sizeof (double));
  double median;

  if (!g_test_perf ())
    {
      g_test_skip ("timing only with -m perf");
      return;
    }

  encoded = kv_pin_hash_new ("482915", KV_PIN_DEFAULT_ITERATIONS);
  for (guint i = 0; i < 7; i++)
    {
      struct timespec cpu_start, cpu_end;
      gint64 start = g_get_monotonic_time ();
      double elapsed, cpu;

      clock_gettime (CLOCK_THREAD_CPUTIME_ID, &cpu_start);
      g_assert_true (kv_pin_verify (encoded, "482915", NULL));
      clock_gettime (CLOCK_THREAD_CPUTIME_ID, &cpu_end);
      elapsed = (g_get_monotonic_time () - start) / 1000.0;
      cpu = (cpu_end.tv_sec - cpu_start.tv_sec) * 1000.0 +
            (cpu_end.tv_nsec - cpu_start.tv_nsec) / 1e6;
      g_array_append_val (times, elapsed);
      g_array_append_val (cpu_times, cpu);
    }
  g_array_sort (times, compare_doubles);
  g_array_sort (cpu_times, compare_doubles);
  median = g_array_index (times, double, times->len / 2);
  /* Wall time depends on what else the machine does; CPU time does not. */
  g_test_minimized_result (median, "kv_pin_verify at %u iterations: median %.1f ms wall, "
                           "%.1f ms CPU", KV_PIN_DEFAULT_ITERATIONS, median,
                           g_array_index (cpu_times, double, cpu_times->len / 2));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (pbkdf2_vectors); i++)
    {
      g_autofree char *path = g_strdup_printf ("/pin/pbkdf2/%u", i);
      g_test_add_data_func (path, &pbkdf2_vectors[i], test_pbkdf2_vector);
    }
  g_test_add_func ("/pin/round-trip", test_round_trip);
  g_test_add_func ("/pin/wrong-pin", test_wrong_pin);
  g_test_add_func ("/pin/known-hash", test_known_hash);
  for (guint i = 0; i < G_N_ELEMENTS (malformed_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/pin/malformed/%u", i);
      g_test_add_data_func (path, &malformed_cases[i], test_malformed);
    }
  g_test_add_func ("/pin/null-hash", test_null_hash);
  g_test_add_func ("/pin/check", test_check);
  g_test_add_func ("/pin/verify-speed", test_verify_speed);

  return g_test_run ();
}

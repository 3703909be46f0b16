/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-pin.h"

#include <string.h>
#include <time.h>

static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *encoded = kv_pin_hash_new ("482915", &error);
  g_autofree char *again = kv_pin_hash_new ("482915", NULL);

  g_assert_no_error (error);
  /* libsodium's encoded form, with the costs the kiosk and server agree on. */
  g_assert_true (g_str_has_prefix (encoded, "$argon2id$v=19$m=16384,t=2,p=1$"));
  /* The PIN itself is nowhere in the stored form. */
  g_assert_null (strstr (encoded, "482915"));
  /* Random salt: the same PIN never hashes the same twice. */
  g_assert_cmpstr (encoded, !=, again);
  g_assert_false (kv_pin_hash_is_legacy (encoded));

  g_assert_true (kv_pin_hash_validate (encoded, &error));
  g_assert_no_error (error);
  g_assert_true (kv_pin_verify (encoded, "482915", &error));
  g_assert_no_error (error);
  g_assert_true (kv_pin_verify (again, "482915", &error));
  g_assert_no_error (error);
}

/* Made by libsodium's crypto_pwhash_str (opslimit 2, memlimit 16 MiB) for
 * "2468": a hash the server's staff accounts would store. */
#define KNOWN_ARGON2ID \
  "$argon2id$v=19$m=16384,t=2,p=1$H8Pg+kCAo0QLEKw6TT2CDg$" \
  "KNqHCrZ/JB6RAOmFHcJC/s/87biSdSrydN1yUGwxobg"

static void
test_known_argon2id (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kv_pin_verify (KNOWN_ARGON2ID, "2468", &error));
  g_assert_no_error (error);
  g_assert_false (kv_pin_verify (KNOWN_ARGON2ID, "2469", &error));
  g_assert_error (error, KV_PIN_ERROR, KV_PIN_ERROR_WRONG_PIN);
}

static void
test_wrong_pin (void)
{
  g_autofree char *encoded = kv_pin_hash_new ("1234", NULL);
  const char *wrong[] = { "1235", "12345", "123", "", "4321", "1234 ", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (kv_pin_verify (encoded, wrong[i], &error));
      g_assert_error (error, KV_PIN_ERROR, KV_PIN_ERROR_WRONG_PIN);
    }
}

/* Made by the kiosk's own PBKDF2 code before it was replaced by nettle's
 * (kinvisitctl pin-hash of 0c9352c): kiosk configurations in the field hold
 * hashes like these, and they must keep working until the PIN is set again. */
static void
test_legacy_made_by_old_code (void)
{
  const char *default_cost = "pbkdf2-sha256$100000$LFNpD7y/axN79c7iCiCjbQ==$"
                             "OpISHn1mHZ3tn+vWsT6t+t6ldCOBvweKStV9+kcpL+A=";
  const char *low_cost = "pbkdf2-sha256$1000$0VgRcfeH6uRf7dNjZAXJKA==$"
                         "r+B7mGVnG/xNsdZPBlt8DGY5jJBqWn8jHq9vvg3OfUY=";
  g_autoptr(GError) error = NULL;

  g_assert_true (kv_pin_hash_is_legacy (default_cost));
  g_assert_true (kv_pin_hash_validate (default_cost, &error));
  g_assert_no_error (error);
  g_assert_true (kv_pin_verify (default_cost, "482915", &error));
  g_assert_no_error (error);
  g_assert_false (kv_pin_verify (default_cost, "482916", &error));
  g_assert_error (error, KV_PIN_ERROR, KV_PIN_ERROR_WRONG_PIN);
  g_clear_error (&error);

  g_assert_true (kv_pin_verify (low_cost, "7301", &error));
  g_assert_no_error (error);
  g_assert_false (kv_pin_verify (low_cost, "1037", &error));
  g_assert_error (error, KV_PIN_ERROR, KV_PIN_ERROR_WRONG_PIN);
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
#define A2_SALT "c29tZXNhbHRzb21lc2FsdA"
#define A2_HASH "RQsJUVJ5FnRK3zeI9t66IBXyUCS/Rj4xouiZ4ohaPAI"

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
  /* Argon2id: the form, then the costs a tampered hash could inflate. */
  { "$argon2id$", KV_PIN_ERROR_MALFORMED },
  { "$argon2id$v=19$m=16384,t=2,p=1$" A2_SALT, KV_PIN_ERROR_MALFORMED },
  { "$argon2id$v=19$m=16384,t=2,p=1$" A2_SALT "$" A2_HASH "$", KV_PIN_ERROR_MALFORMED },
  { "x$argon2id$v=19$m=16384,t=2,p=1$" A2_SALT "$" A2_HASH, KV_PIN_ERROR_MALFORMED },
  { "$argon2i$v=19$m=16384,t=2,p=1$" A2_SALT "$" A2_HASH, KV_PIN_ERROR_UNSUPPORTED },
  { "$2b$12$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ01", KV_PIN_ERROR_MALFORMED },
  { "$argon2id$v=16$m=16384,t=2,p=1$" A2_SALT "$" A2_HASH, KV_PIN_ERROR_UNSUPPORTED },
  { "$argon2id$v=19$m=16384,t=2$" A2_SALT "$" A2_HASH, KV_PIN_ERROR_MALFORMED },
  { "$argon2id$v=19$t=2,m=16384,p=1$" A2_SALT "$" A2_HASH, KV_PIN_ERROR_MALFORMED },
  { "$argon2id$v=19$m=16384,t=2,p=1,x=1$" A2_SALT "$" A2_HASH, KV_PIN_ERROR_MALFORMED },
  { "$argon2id$v=19$m=016384,t=2,p=1$" A2_SALT "$" A2_HASH, KV_PIN_ERROR_MALFORMED },
  { "$argon2id$v=19$m=+16384,t=2,p=1$" A2_SALT "$" A2_HASH, KV_PIN_ERROR_MALFORMED },
  { "$argon2id$v=19$m=,t=2,p=1$" A2_SALT "$" A2_HASH, KV_PIN_ERROR_MALFORMED },
  { "$argon2id$v=19$m=99999999999999999999,t=2,p=1$" A2_SALT "$" A2_HASH,
    KV_PIN_ERROR_MALFORMED },
  /* 4 GiB, or 1000 passes: each check would take minutes or fail. */
  { "$argon2id$v=19$m=4194304,t=2,p=1$" A2_SALT "$" A2_HASH, KV_PIN_ERROR_UNSUPPORTED },
  { "$argon2id$v=19$m=65537,t=2,p=1$" A2_SALT "$" A2_HASH, KV_PIN_ERROR_UNSUPPORTED },
  { "$argon2id$v=19$m=16384,t=1000,p=1$" A2_SALT "$" A2_HASH, KV_PIN_ERROR_UNSUPPORTED },
  { "$argon2id$v=19$m=16384,t=5,p=1$" A2_SALT "$" A2_HASH, KV_PIN_ERROR_UNSUPPORTED },
  { "$argon2id$v=19$m=16384,t=0,p=1$" A2_SALT "$" A2_HASH, KV_PIN_ERROR_UNSUPPORTED },
  { "$argon2id$v=19$m=16384,t=2,p=4$" A2_SALT "$" A2_HASH, KV_PIN_ERROR_UNSUPPORTED },
  /* Too cheap to protect anything. */
  { "$argon2id$v=19$m=8,t=1,p=1$" A2_SALT "$" A2_HASH, KV_PIN_ERROR_UNSUPPORTED },
  { "$argon2id$v=19$m=16384,t=2,p=1$c2FsdA$" A2_HASH, KV_PIN_ERROR_MALFORMED },
  { "$argon2id$v=19$m=16384,t=2,p=1$" A2_SALT "$" A2_HASH "=", KV_PIN_ERROR_MALFORMED },
  { "$argon2id$v=19$m=16384,t=2,p=1$" A2_SALT "$!" A2_HASH, KV_PIN_ERROR_MALFORMED },
  { "$argon2id$v=19$m=16384,t=2,p=1$" A2_SALT "$" A2_HASH A2_HASH A2_HASH A2_HASH A2_HASH
    A2_HASH, KV_PIN_ERROR_MALFORMED },
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

  encoded = kv_pin_hash_new ("482915", NULL);
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
  g_test_minimized_result (median, "kv_pin_verify of Argon2id at t=%d, %d MiB: median %.1f ms "
                           "wall, %.1f ms CPU", KV_PIN_ARGON2_OPSLIMIT,
                           KV_PIN_ARGON2_MEMLIMIT / (1024 * 1024), median,
                           g_array_index (cpu_times, double, cpu_times->len / 2));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pin/round-trip", test_round_trip);
  g_test_add_func ("/pin/wrong-pin", test_wrong_pin);
  g_test_add_func ("/pin/known-hash", test_known_hash);
  g_test_add_func ("/pin/known-argon2id", test_known_argon2id);
  g_test_add_func ("/pin/legacy-made-by-old-code", test_legacy_made_by_old_code);
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

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-staff-lock"

#include "config.h"

#include <libglib-testing/signal-logger.h>

#include "kv-fake-clock.h"
#include "kv-pin.h"
#include "kv-staff-lock.h"

#define PIN "2468"
#define LOCKOUT_US (5 * KV_USEC_PER_MINUTE)
#define MAX_ATTEMPTS 3

typedef struct
{
  KvClock *clock;
  KvStaffLock *lock;
  GtSignalLogger *logger;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autofree char *hash = kv_pin_hash_new (PIN, NULL);

  f->clock = kv_fake_clock_new_from_iso8601 ("2026-11-22T10:00:00Z");
  f->lock = kv_staff_lock_new (f->clock, hash, MAX_ATTEMPTS, LOCKOUT_US);
  f->logger = gt_signal_logger_new ();
  gt_signal_logger_connect (f->logger, f->lock, "notify::unlocked");
  gt_signal_logger_connect (f->logger, f->lock, "notify::locked-out");
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_pointer (&f->logger, gt_signal_logger_free);
  g_assert_finalize_object (f->lock);
  g_assert_finalize_object (f->clock);
}

static void
test_right_pin (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (kv_staff_lock_get_unlocked (f->lock));
  g_assert_true (kv_staff_lock_try_pin (f->lock, PIN, &error));
  g_assert_no_error (error);
  g_assert_true (kv_staff_lock_get_unlocked (f->lock));
  gt_signal_logger_assert_notify_emission_pop (f->logger, f->lock, "unlocked");

  /* Staff are done: locked again. */
  kv_staff_lock_lock (f->lock);
  g_assert_false (kv_staff_lock_get_unlocked (f->lock));
  gt_signal_logger_assert_notify_emission_pop (f->logger, f->lock, "unlocked");
  gt_signal_logger_assert_no_emissions (f->logger);
}

static void
test_wrong_pin (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (kv_staff_lock_try_pin (f->lock, "1357", &error));
  g_assert_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_WRONG_PIN);
  g_assert_nonnull (strstr (error->message, "2 attempts left"));
  g_assert_cmpuint (kv_staff_lock_get_attempts_left (f->lock), ==, 2);
  g_assert_false (kv_staff_lock_get_unlocked (f->lock));
  g_assert_false (kv_staff_lock_get_locked_out (f->lock));
  g_clear_error (&error);

  /* Not even a PIN: still just a wrong attempt, never a crash. */
  g_assert_false (kv_staff_lock_try_pin (f->lock, "abc\xff", &error));
  g_assert_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_WRONG_PIN);
  g_assert_nonnull (strstr (error->message, "1 attempt left"));
  g_clear_error (&error);

  /* A right PIN resets the count. */
  g_assert_true (kv_staff_lock_try_pin (f->lock, PIN, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kv_staff_lock_get_attempts_left (f->lock), ==, MAX_ATTEMPTS);
}

static void
test_lockout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 start = kv_clock_get_now (f->clock);

  for (guint i = 0; i < MAX_ATTEMPTS - 1; i++)
    {
      g_assert_false (kv_staff_lock_try_pin (f->lock, "0000", &error));
      g_assert_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_WRONG_PIN);
      g_clear_error (&error);
    }
  gt_signal_logger_assert_no_emissions (f->logger);

  g_assert_false (kv_staff_lock_try_pin (f->lock, "0000", &error));
  g_assert_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_LOCKED_OUT);
  g_assert_nonnull (strstr (error->message, "5 minutes"));
  g_clear_error (&error);
  g_assert_true (kv_staff_lock_get_locked_out (f->lock));
  g_assert_cmpint (kv_staff_lock_get_locked_until (f->lock), ==, start + LOCKOUT_US);
  gt_signal_logger_assert_notify_emission_pop (f->logger, f->lock, "locked-out");

  /* Locked out: even the right PIN is refused. */
  kv_fake_clock_advance (KV_FAKE_CLOCK (f->clock), LOCKOUT_US - KV_USEC_PER_SECOND);
  g_assert_false (kv_staff_lock_try_pin (f->lock, PIN, &error));
  g_assert_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_LOCKED_OUT);
  g_assert_nonnull (strstr (error->message, "1 minute"));
  g_clear_error (&error);
  g_assert_false (kv_staff_lock_get_unlocked (f->lock));
  g_assert_true (kv_staff_lock_get_locked_out (f->lock));
  gt_signal_logger_assert_no_emissions (f->logger);

  /* The lockout ends on the clock, by itself. */
  kv_fake_clock_advance (KV_FAKE_CLOCK (f->clock), KV_USEC_PER_SECOND);
  g_assert_false (kv_staff_lock_get_locked_out (f->lock));
  g_assert_cmpint (kv_staff_lock_get_locked_until (f->lock), ==, 0);
  gt_signal_logger_assert_notify_emission_pop (f->logger, f->lock, "locked-out");

  g_assert_true (kv_staff_lock_try_pin (f->lock, PIN, &error));
  g_assert_no_error (error);
  gt_signal_logger_assert_notify_emission_pop (f->logger, f->lock, "unlocked");
  gt_signal_logger_assert_no_emissions (f->logger);
}

static void
test_no_pin_configured (void)
{
  g_autoptr(KvClock) clock = kv_fake_clock_new_from_iso8601 ("2026-11-22T10:00:00Z");
  g_autoptr(KvStaffLock) lock = kv_staff_lock_new (clock, NULL, MAX_ATTEMPTS, LOCKOUT_US);
  g_autoptr(KvStaffLock) broken = kv_staff_lock_new (clock, "pbkdf2-sha256$x$y$z", MAX_ATTEMPTS,
                                                     LOCKOUT_US);
  g_autoptr(GError) error = NULL;

  g_assert_false (kv_staff_lock_try_pin (lock, PIN, &error));
  g_assert_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NO_PIN_CONFIGURED);
  g_clear_error (&error);
  g_assert_false (kv_staff_lock_get_unlocked (lock));

  /* A broken hash in the secrets is not staff's fault: no lockout. */
  for (guint i = 0; i < MAX_ATTEMPTS + 1; i++)
    {
      g_test_expect_message ("kv-kiosk", G_LOG_LEVEL_WARNING, "*PIN hash*unusable*");
      g_assert_false (kv_staff_lock_try_pin (broken, PIN, &error));
      g_test_assert_expected_messages ();
      g_assert_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NO_PIN_CONFIGURED);
      g_clear_error (&error);
    }
  g_assert_false (kv_staff_lock_get_locked_out (broken));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/staff-lock/right-pin", Fixture, NULL, setup, test_right_pin, teardown);
  g_test_add ("/staff-lock/wrong-pin", Fixture, NULL, setup, test_wrong_pin, teardown);
  g_test_add ("/staff-lock/lockout", Fixture, NULL, setup, test_lockout, teardown);
  g_test_add_func ("/staff-lock/no-pin-configured", test_no_pin_configured);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-kiosk"

#include "config.h"

#include "kv-staff-lock.h"

#include "kv-pin.h"
#include "kv-staff-pin-check.h"

#include <glib/gi18n-lib.h>

/**
 * KvStaffLock:
 *
 * Guards the staff controls (confirm, end, privacy pause, device test,
 * exit) with PINs: each person's own, from the #KvStaffRoster the server
 * sent (the panel then knows who opened it: #KvStaffLock:staff-id), and the
 * site PIN whose hash is in the kiosk's secrets (no name: actions opened
 * with it carry no staff id). Wrong PINs are counted; after the configured
 * number of attempts the lock refuses every PIN, right or wrong, until the
 * lockout time has passed on the kiosk's clock, so a curious child (or
 * anyone else) cannot guess one by trying.
 *
 * An Argon2id check takes 10-33 ms here (kv-pin.c) and a wrong PIN is
 * checked against every hash of the roster, so
 * kv_staff_lock_try_pin_async() checks on a worker thread
 * (kv-staff-pin-check.c), against a copy of the hashes, while
 * #KvStaffLock:checking is set; one check at a time.
 *
 * PINs are never logged or kept: only the verdict is.
 */

struct _KvStaffLock
{
  GObject parent_instance;

  KvClock *clock;
  char *pin_hash;
  KvStaffRoster *roster;
  guint max_attempts;
  gint64 lockout_us;

  guint failed_attempts;
  gboolean unlocked;
  gint64 locked_until;
  guint unlock_alarm;
  gboolean checking;
  char *staff_id;          /* who opened the lock; NULL for the site PIN */
  char *staff_name;
};

enum {
  PROP_0,
  PROP_CLOCK,
  PROP_PIN_HASH,
  PROP_MAX_ATTEMPTS,
  PROP_LOCKOUT_US,
  PROP_UNLOCKED,
  PROP_LOCKED_OUT,
  PROP_LOCKED_UNTIL,
  PROP_ATTEMPTS_LEFT,
  PROP_ROSTER,
  PROP_CHECKING,
  PROP_STAFF_ID,
  PROP_STAFF_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KvStaffLock, kv_staff_lock, G_TYPE_OBJECT)

static void
set_checking (KvStaffLock *self,
              gboolean     checking)
{
  if (self->checking == checking)
    return;
  self->checking = checking;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKING]);
}

static void
set_staff (KvStaffLock *self,
           const char  *staff_id,
           const char  *staff_name)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->staff_id, staff_id) != 0)
    {
      g_free (self->staff_id);
      self->staff_id = g_strdup (staff_id);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAFF_ID]);
    }
  if (g_strcmp0 (self->staff_name, staff_name) != 0)
    {
      g_free (self->staff_name);
      self->staff_name = g_strdup (staff_name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAFF_NAME]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_unlocked (KvStaffLock *self,
              gboolean     unlocked)
{
  if (self->unlocked == unlocked)
    return;

  self->unlocked = unlocked;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNLOCKED]);
}

static void
set_failed_attempts (KvStaffLock *self,
                     guint        failed_attempts)
{
  if (self->failed_attempts == failed_attempts)
    return;

  self->failed_attempts = failed_attempts;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPTS_LEFT]);
}

static void
on_lockout_over (gpointer user_data)
{
  KvStaffLock *self = user_data;

  self->unlock_alarm = 0;
  self->locked_until = 0;
  g_debug ("Staff PIN lockout is over");

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED_UNTIL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED_OUT]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
lock_out (KvStaffLock *self)
{
  self->locked_until = kv_clock_get_now (self->clock) + self->lockout_us;
  kv_clear_alarm (self->clock, &self->unlock_alarm);
  self->unlock_alarm = kv_clock_add_alarm (self->clock, self->locked_until,
                                           on_lockout_over, self, NULL);
  g_message ("Staff PIN entered wrongly %u times: locked for %" G_GINT64_FORMAT " s",
             self->failed_attempts, self->lockout_us / G_USEC_PER_SEC);

  g_object_freeze_notify (G_OBJECT (self));
  /* A new round of attempts starts when the lockout is over. */
  set_failed_attempts (self, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED_UNTIL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED_OUT]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_locked_out_error (KvStaffLock  *self,
                      GError      **error)
{
  gint64 left_us = self->locked_until - kv_clock_get_now (self->clock);
  /* Round up: "0 minutes" would read as "try now". */
  guint minutes = (guint) MAX ((left_us + KV_USEC_PER_MINUTE - 1) / KV_USEC_PER_MINUTE, 1);

  g_set_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_LOCKED_OUT,
               /* Translators: shown to staff after too many wrong PINs */
               ngettext ("Too many wrong PINs. Try again in %u minute.",
                         "Too many wrong PINs. Try again in %u minutes.",
                         minutes),
               minutes);
}

static gboolean
has_site_pin (KvStaffLock *self)
{
  return self->pin_hash != NULL && *self->pin_hash != '\0';
}

/* What every try does before checking: refuse at once when there is no
 * PIN at all, when locked out, or while another check runs. */
static gboolean
may_check (KvStaffLock  *self,
           GError      **error)
{
  guint n_staff = self->roster != NULL ? kv_staff_roster_get_n_staff (self->roster) : 0;

  if (!has_site_pin (self) && n_staff == 0)
    {
      g_set_error_literal (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NO_PIN_CONFIGURED,
                           /* Translators: shown to staff; the PIN is set in
                            * the kiosk's secrets file */
                           _("No staff PIN is set up on this kiosk."));
      return FALSE;
    }
  if (kv_staff_lock_get_locked_out (self))
    {
      set_locked_out_error (self, error);
      return FALSE;
    }
  if (self->checking)
    {
      g_set_error_literal (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NOT_NOW,
                           /* Translators: shown to staff while a PIN is checked */
                           _("Checking the PIN…"));
      return FALSE;
    }
  return TRUE;
}

static GPtrArray *
dup_staff (KvStaffLock *self)
{
  return self->roster != NULL ? kv_staff_roster_dup_staff (self->roster) : NULL;
}

/* Acts on what the check found, on the main thread. */
static gboolean
apply_verdict (KvStaffLock             *self,
               const KvStaffPinVerdict *verdict,
               GError                 **error)
{
  guint left;

  if (verdict->matched)
    {
      g_debug ("Staff PIN accepted (%s)", verdict->staff_id != NULL ? "personal" : "site");
      set_failed_attempts (self, 0);
      set_staff (self, verdict->staff_id, verdict->staff_name);
      set_unlocked (self, TRUE);
      return TRUE;
    }

  if (verdict->site_unusable)
    {
      /* A broken hash in the secrets is the administrator's to fix; it must
       * not lock staff out as if they had guessed. */
      g_warning ("Staff PIN hash in the secrets is unusable: %s", verdict->site_error);
      if (verdict->n_staff == 0)
        {
          g_set_error_literal (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NO_PIN_CONFIGURED,
                               /* Translators: shown to staff; the PIN is set in
                                * the kiosk's secrets file */
                               _("The staff PIN on this kiosk is not set up correctly."));
          return FALSE;
        }
    }

  set_unlocked (self, FALSE);
  set_failed_attempts (self, self->failed_attempts + 1);
  g_debug ("Staff PIN refused (%u of %u)", self->failed_attempts, self->max_attempts);

  if (self->failed_attempts >= self->max_attempts)
    {
      lock_out (self);
      set_locked_out_error (self, error);
      return FALSE;
    }

  left = self->max_attempts - self->failed_attempts;
  g_set_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_WRONG_PIN,
               /* Translators: shown to staff after a wrong PIN */
               ngettext ("Wrong PIN. %u attempt left.",
                         "Wrong PIN. %u attempts left.",
                         left),
               left);
  return FALSE;
}

/* The worker's task has no source object: the worker thread may drop the
 * last reference to it after this ran, and the lock must not be kept alive
 * by a thread. The caller's task holds the lock instead. */
static void
on_check_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  KvStaffLock *self = KV_STAFF_LOCK (g_task_get_source_object (outer));
  g_autoptr(KvStaffPinVerdict) verdict = kv_staff_pin_check_finish (result);
  g_autoptr(GError) error = NULL;

  set_checking (self, FALSE);
  if (apply_verdict (self, verdict, &error))
    g_task_return_boolean (outer, TRUE);
  else
    g_task_return_error (outer, g_steal_pointer (&error));
}

static void
kv_staff_lock_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KvStaffLock *self = KV_STAFF_LOCK (object);

  switch (prop_id)
    {
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;

    case PROP_MAX_ATTEMPTS:
      g_value_set_uint (value, self->max_attempts);
      break;

    case PROP_LOCKOUT_US:
      g_value_set_int64 (value, self->lockout_us);
      break;

    case PROP_UNLOCKED:
      g_value_set_boolean (value, self->unlocked);
      break;

    case PROP_LOCKED_OUT:
      g_value_set_boolean (value, kv_staff_lock_get_locked_out (self));
      break;

    case PROP_LOCKED_UNTIL:
      g_value_set_int64 (value, self->locked_until);
      break;

    case PROP_ATTEMPTS_LEFT:
      g_value_set_uint (value, kv_staff_lock_get_attempts_left (self));
      break;

    case PROP_ROSTER:
      g_value_set_object (value, self->roster);
      break;

    case PROP_CHECKING:
      g_value_set_boolean (value, self->checking);
      break;

    case PROP_STAFF_ID:
      g_value_set_string (value, self->staff_id);
      break;

    case PROP_STAFF_NAME:
      g_value_set_string (value, self->staff_name);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_staff_lock_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KvStaffLock *self = KV_STAFF_LOCK (object);

  switch (prop_id)
    {
    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;

    case PROP_PIN_HASH:
      self->pin_hash = g_value_dup_string (value);
      break;

    case PROP_ROSTER:
      self->roster = g_value_dup_object (value);
      break;

    case PROP_MAX_ATTEMPTS:
      self->max_attempts = g_value_get_uint (value);
      break;

    case PROP_LOCKOUT_US:
      self->lockout_us = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_staff_lock_constructed (GObject *object)
{
  KvStaffLock *self = KV_STAFF_LOCK (object);

  G_OBJECT_CLASS (kv_staff_lock_parent_class)->constructed (object);

  g_assert (KV_IS_CLOCK (self->clock));

  /* Logged once, without the hash: it still works, but should be set
   * again (kinvisitctl pin-hash writes Argon2id). */
  if (kv_pin_hash_is_legacy (self->pin_hash))
    g_message ("The staff PIN hash in this kiosk's secrets is in the old PBKDF2 format: it "
               "still works, but set the PIN again with kinvisitctl pin-hash");
}

static void
kv_staff_lock_dispose (GObject *object)
{
  KvStaffLock *self = KV_STAFF_LOCK (object);

  if (self->clock != NULL)
    kv_clear_alarm (self->clock, &self->unlock_alarm);
  g_clear_object (&self->clock);
  g_clear_object (&self->roster);

  G_OBJECT_CLASS (kv_staff_lock_parent_class)->dispose (object);
}

static void
kv_staff_lock_finalize (GObject *object)
{
  KvStaffLock *self = KV_STAFF_LOCK (object);

  g_free (self->pin_hash);
  g_free (self->staff_id);
  g_free (self->staff_name);

  G_OBJECT_CLASS (kv_staff_lock_parent_class)->finalize (object);
}

static void
kv_staff_lock_class_init (KvStaffLockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kv_staff_lock_get_property;
  object_class->set_property = kv_staff_lock_set_property;
  object_class->constructed = kv_staff_lock_constructed;
  object_class->dispose = kv_staff_lock_dispose;
  object_class->finalize = kv_staff_lock_finalize;

  /**
   * KvStaffLock:clock:
   *
   * The clock lockouts are measured on.
   */
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL,
                         KV_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * KvStaffLock:pin-hash:
   *
   * The staff PIN's hash (kv-pin format), or %NULL when none is configured.
   * Write-only: it is a secret.
   */
  properties[PROP_PIN_HASH] =
    g_param_spec_string ("pin-hash", NULL, NULL,
                         NULL,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * KvStaffLock:max-attempts:
   *
   * Wrong PINs in a row before the lock refuses every PIN for a while.
   */
  properties[PROP_MAX_ATTEMPTS] =
    g_param_spec_uint ("max-attempts", NULL, NULL,
                       1, G_MAXUINT, 5,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * KvStaffLock:lockout-us:
   *
   * How long the lock refuses every PIN after too many wrong ones.
   */
  properties[PROP_LOCKOUT_US] =
    g_param_spec_int64 ("lockout-us", NULL, NULL,
                        0, G_MAXINT64 / 4, 5 * KV_USEC_PER_MINUTE,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * KvStaffLock:unlocked:
   *
   * Whether staff entered the right PIN and the lock was not locked again.
   */
  properties[PROP_UNLOCKED] =
    g_param_spec_boolean ("unlocked", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KvStaffLock:locked-out:
   *
   * Whether every PIN is refused because of too many wrong ones.
   */
  properties[PROP_LOCKED_OUT] =
    g_param_spec_boolean ("locked-out", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KvStaffLock:locked-until:
   *
   * When the lockout ends (clock time, µs), 0 when not locked out.
   */
  properties[PROP_LOCKED_UNTIL] =
    g_param_spec_int64 ("locked-until", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KvStaffLock:attempts-left:
   *
   * Wrong PINs still allowed before the lockout.
   */
  properties[PROP_ATTEMPTS_LEFT] =
    g_param_spec_uint ("attempts-left", NULL, NULL,
                       0, G_MAXUINT, 5,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KvStaffLock:roster:
   *
   * The personal PINs of the staff the server listed for this kiosk, or
   * %NULL for the site PIN only.
   */
  properties[PROP_ROSTER] =
    g_param_spec_object ("roster", NULL, NULL, KV_TYPE_STAFF_ROSTER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * KvStaffLock:checking:
   *
   * Whether a PIN is being checked on a worker thread.
   */
  properties[PROP_CHECKING] =
    g_param_spec_boolean ("checking", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KvStaffLock:staff-id:
   *
   * Whose personal PIN opened the lock; %NULL while locked or when the
   * site PIN opened it. Staff messages to the server carry it.
   */
  properties[PROP_STAFF_ID] =
    g_param_spec_string ("staff-id", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KvStaffLock:staff-name:
   *
   * The name of #KvStaffLock:staff-id, for the staff panel.
   */
  properties[PROP_STAFF_NAME] =
    g_param_spec_string ("staff-name", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kv_staff_lock_init (KvStaffLock *self)
{
  self->max_attempts = 5;
  self->lockout_us = 5 * KV_USEC_PER_MINUTE;
}

/**
 * kv_staff_lock_new:
 * @clock: the kiosk's clock
 * @pin_hash: (nullable): the site's staff PIN hash from the secrets, or %NULL
 * @roster: (nullable): the staff's personal PINs from the server
 * @max_attempts: wrong PINs allowed in a row, at least 1
 * @lockout_us: how long every PIN is refused after that
 *
 * Returns: (transfer full): a new, locked #KvStaffLock
 */
KvStaffLock *
kv_staff_lock_new (KvClock       *clock,
                   const char    *pin_hash,
                   KvStaffRoster *roster,
                   guint          max_attempts,
                   gint64      lockout_us)
{
  g_return_val_if_fail (KV_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (roster == NULL || KV_IS_STAFF_ROSTER (roster), NULL);
  g_return_val_if_fail (max_attempts >= 1, NULL);
  g_return_val_if_fail (lockout_us >= 0, NULL);

  return g_object_new (KV_TYPE_STAFF_LOCK,
                       "clock", clock,
                       "pin-hash", pin_hash,
                       "roster", roster,
                       "max-attempts", max_attempts,
                       "lockout-us", lockout_us,
                       NULL);
}

/**
 * kv_staff_lock_try_pin:
 * @self: a #KvStaffLock
 * @pin: what staff typed
 * @error: return location for a %KV_KIOSK_ERROR: %KV_KIOSK_ERROR_WRONG_PIN
 *   (the message says how many attempts are left),
 *   %KV_KIOSK_ERROR_LOCKED_OUT (the message says for how long),
 *   %KV_KIOSK_ERROR_NO_PIN_CONFIGURED, or %KV_KIOSK_ERROR_NOT_NOW while
 *   an asynchronous check runs
 *
 * Checks @pin on the calling thread and unlocks on success. Any string is
 * acceptable input: a malformed PIN just counts as a wrong one. This
 * blocks for every hash of the roster: the user interface uses
 * kv_staff_lock_try_pin_async().
 *
 * Returns: %TRUE if the lock is now unlocked
 */
gboolean
kv_staff_lock_try_pin (KvStaffLock  *self,
                       const char   *pin,
                       GError      **error)
{
  g_autoptr(KvStaffPinVerdict) verdict = NULL;
  g_autoptr(GPtrArray) staff = NULL;

  g_return_val_if_fail (KV_IS_STAFF_LOCK (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!may_check (self, error))
    return FALSE;
  staff = dup_staff (self);
  verdict = kv_staff_pin_check (pin, has_site_pin (self) ? self->pin_hash : NULL, staff);
  return apply_verdict (self, verdict, error);
}

/**
 * kv_staff_lock_try_pin_async:
 * @self: a #KvStaffLock
 * @pin: what staff typed
 * @cancellable: (nullable): a #GCancellable; the check itself runs to its
 *   end, but the callback then gets %G_IO_ERROR_CANCELLED
 * @callback: called on the calling thread's main context
 * @user_data: for @callback
 *
 * Like kv_staff_lock_try_pin(), with the hashes checked on a worker thread
 * while #KvStaffLock:checking is %TRUE. Refusals that need no check (no
 * PIN set up, locked out, a check running) come at once.
 */
void
kv_staff_lock_try_pin_async (KvStaffLock         *self,
                             const char          *pin,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (KV_IS_STAFF_LOCK (self));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, kv_staff_lock_try_pin_async);

  if (!may_check (self, &error))
    {
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }

  set_checking (self, TRUE);
  kv_staff_pin_check_async (pin, has_site_pin (self) ? self->pin_hash : NULL, dup_staff (self),
                            NULL, on_check_done, g_steal_pointer (&outer));
}

/**
 * kv_staff_lock_try_pin_finish:
 * @self: a #KvStaffLock
 * @result: the result
 * @error: return location for a %KV_KIOSK_ERROR as in
 *   kv_staff_lock_try_pin(), or %G_IO_ERROR_CANCELLED
 *
 * Returns: %TRUE if the lock is now unlocked
 */
gboolean
kv_staff_lock_try_pin_finish (KvStaffLock   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * kv_staff_lock_lock:
 * @self: a #KvStaffLock
 *
 * Locks again, e.g. when staff are done or after a minute without input.
 */
void
kv_staff_lock_lock (KvStaffLock *self)
{
  g_return_if_fail (KV_IS_STAFF_LOCK (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_unlocked (self, FALSE);
  set_staff (self, NULL, NULL);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
kv_staff_lock_get_unlocked (KvStaffLock *self)
{
  g_return_val_if_fail (KV_IS_STAFF_LOCK (self), FALSE);

  return self->unlocked;
}

gboolean
kv_staff_lock_get_locked_out (KvStaffLock *self)
{
  g_return_val_if_fail (KV_IS_STAFF_LOCK (self), FALSE);

  return self->locked_until != 0 && kv_clock_get_now (self->clock) < self->locked_until;
}

gint64
kv_staff_lock_get_locked_until (KvStaffLock *self)
{
  g_return_val_if_fail (KV_IS_STAFF_LOCK (self), 0);

  return self->locked_until;
}

guint
kv_staff_lock_get_attempts_left (KvStaffLock *self)
{
  g_return_val_if_fail (KV_IS_STAFF_LOCK (self), 0);

  return self->max_attempts - MIN (self->failed_attempts, self->max_attempts);
}

/**
 * kv_staff_lock_get_staff_id:
 *
 * Returns: (nullable): the id of whose personal PIN opened the lock, or
 *   %NULL (locked, or opened with the site PIN)
 */
const char *
kv_staff_lock_get_staff_id (KvStaffLock *self)
{
  g_return_val_if_fail (KV_IS_STAFF_LOCK (self), NULL);

  return self->staff_id;
}

/**
 * kv_staff_lock_get_staff_name:
 *
 * Returns: (nullable): their name as the roster gave it
 */
const char *
kv_staff_lock_get_staff_name (KvStaffLock *self)
{
  g_return_val_if_fail (KV_IS_STAFF_LOCK (self), NULL);

  return self->staff_name;
}

gboolean
kv_staff_lock_get_checking (KvStaffLock *self)
{
  g_return_val_if_fail (KV_IS_STAFF_LOCK (self), FALSE);

  return self->checking;
}

/**
 * kv_staff_lock_get_roster:
 *
 * Returns: (transfer none) (nullable): the roster of personal PINs
 */
KvStaffRoster *
kv_staff_lock_get_roster (KvStaffLock *self)
{
  g_return_val_if_fail (KV_IS_STAFF_LOCK (self), NULL);

  return self->roster;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-kiosk"

#include "config.h"

#include "kv-staff-pin-check.h"

#include "kv-pin.h"
#include "kv-protocol.h"

#include <string.h>

/*
 * Checking a typed PIN against a kiosk's hashes: the personal PINs of its
 * staff roster first, so that a person whose PIN is also the site PIN is
 * still named, then the site PIN. No state of its own: #KvStaffLock owns
 * the attempts and the lockout.
 *
 * An Argon2id check takes 10-33 ms on the reference machine (kv-pin.c),
 * and a wrong PIN is checked against every hash: ~30 people cost up to a
 * second. kv_staff_pin_check_async() does it on a worker thread, against
 * copies, so the roster may change meanwhile and the screen never freezes.
 */

typedef struct
{
  char      *pin;
  char      *site_hash;
  GPtrArray *staff;        /* KvRosterEntry */
} Check;

static void
check_free (Check *check)
{
  /* The PIN must not linger in freed memory. */
  if (check->pin != NULL)
    memset (check->pin, 0, strlen (check->pin));
  g_free (check->pin);
  g_free (check->site_hash);
  g_clear_pointer (&check->staff, g_ptr_array_unref);
  g_free (check);
}

void
kv_staff_pin_verdict_free (KvStaffPinVerdict *verdict)
{
  if (verdict == NULL)
    return;
  g_free (verdict->staff_id);
  g_free (verdict->staff_name);
  g_free (verdict->site_error);
  g_free (verdict);
}

/**
 * kv_staff_pin_check:
 * @pin: what was typed (anything)
 * @site_hash: (nullable): the site PIN's hash from the secrets
 * @staff: (nullable) (element-type KvRosterEntry): the personal PINs
 *
 * Checks @pin on the calling thread.
 *
 * Returns: (transfer full): what was found
 */
KvStaffPinVerdict *
kv_staff_pin_check (const char *pin,
                    const char *site_hash,
                    GPtrArray  *staff)
{
  KvStaffPinVerdict *verdict = g_new0 (KvStaffPinVerdict, 1);
  g_autoptr(GError) error = NULL;

  if (pin == NULL)
    pin = "";
  verdict->n_staff = staff != NULL ? staff->len : 0;
  for (guint i = 0; i < verdict->n_staff; i++)
    {
      const KvRosterEntry *entry = g_ptr_array_index (staff, i);

      if (kv_pin_verify (entry->pin_hash, pin, NULL))
        {
          verdict->matched = TRUE;
          verdict->staff_id = g_strdup (entry->id);
          verdict->staff_name = g_strdup (entry->name);
          return verdict;
        }
    }

  if (site_hash == NULL || *site_hash == '\0')
    return verdict;
  if (kv_pin_verify (site_hash, pin, &error))
    verdict->matched = TRUE;
  else if (!g_error_matches (error, KV_PIN_ERROR, KV_PIN_ERROR_WRONG_PIN))
    {
      verdict->site_unusable = TRUE;
      verdict->site_error = g_strdup (error->message);
    }
  return verdict;
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Check *check = task_data;

  g_task_return_pointer (task, kv_staff_pin_check (check->pin, check->site_hash, check->staff),
                         (GDestroyNotify) kv_staff_pin_verdict_free);
}

/**
 * kv_staff_pin_check_async:
 * @pin: what was typed (copied, and wiped when done)
 * @site_hash: (nullable): the site PIN's hash
 * @staff: (nullable) (transfer full) (element-type KvRosterEntry): the
 *   personal PINs, a copy the worker thread may keep until it is done
 * @source_object: (nullable): the #GTask's source object
 * @callback: called on the calling thread's main context
 * @user_data: for @callback
 *
 * Like kv_staff_pin_check(), on a worker thread.
 */
void
kv_staff_pin_check_async (const char          *pin,
                          const char          *site_hash,
                          GPtrArray           *staff,
                          gpointer             source_object,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source_object, NULL, callback, user_data);
  Check *check = g_new0 (Check, 1);

  check->pin = g_strdup (pin != NULL ? pin : "");
  check->site_hash = g_strdup (site_hash);
  check->staff = staff;
  g_task_set_source_tag (task, kv_staff_pin_check_async);
  g_task_set_task_data (task, check, (GDestroyNotify) check_free);
  g_task_run_in_thread (task, run_in_thread);
}

/**
 * kv_staff_pin_check_finish:
 * @result: the result
 *
 * Returns: (transfer full): what was found
 */
KvStaffPinVerdict *
kv_staff_pin_check_finish (GAsyncResult *result)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-staff"

#include "config.h"

#include "kv-staff-password.h"

#include <sodium.h>
#include <string.h>

/* Staff passwords: Argon2id through libsodium's crypto_pwhash_str, whose
 * string carries its own salt and limits, so raising the limits later
 * leaves old hashes verifiable.
 *
 * The limits are libsodium's INTERACTIVE ones (2 passes, 64 MiB): about a
 * tenth of a second per hash on the server, which makes each guess of an
 * offline attacker cost the same memory and time, while a person signing
 * in does not notice. MODERATE (256 MiB, ~0.7 s) would let a handful of
 * concurrent sign-ins take a gigabyte from the machine that also relays the
 * kiosks' calls.
 *
 * Hashing and verifying run on a pool of two threads of their own, never
 * on the main loop: a storm of sign-ins then costs at most two cores' time
 * and 128 MiB, queues (bounded: over %MAX_WAITING waiting jobs are refused
 * as busy), and the kiosks' relay on the main loop goes on. Nothing here
 * logs a password or a hash. */

#define N_THREADS   2
#define MAX_WAITING 64

G_DEFINE_QUARK (kv-staff-password-error-quark, kv_staff_password_error)

static GThreadPool *pool;

static void
ensure_sodium (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      /* Only fails without a source of randomness, which no server has. */
      if (sodium_init () < 0)
        g_error ("libsodium could not be initialised");
      g_once_init_leave (&initialised, 1);
    }
}

/**
 * kv_staff_password_check:
 *
 * Whether @password is acceptable as a new password: text of at least
 * %KV_STAFF_PASSWORD_MIN_CHARS characters and at most
 * %KV_STAFF_PASSWORD_MAX_BYTES bytes.
 */
gboolean
kv_staff_password_check (const char  *password,
                         GError     **error)
{
  if (password == NULL || !g_utf8_validate (password, -1, NULL))
    {
      g_set_error_literal (error, KV_STAFF_PASSWORD_ERROR, KV_STAFF_PASSWORD_ERROR_INVALID,
                           "The password must be text");
      return FALSE;
    }
  if (strlen (password) > KV_STAFF_PASSWORD_MAX_BYTES)
    {
      g_set_error (error, KV_STAFF_PASSWORD_ERROR, KV_STAFF_PASSWORD_ERROR_TOO_LONG,
                   "The password is too long: at most %d bytes", KV_STAFF_PASSWORD_MAX_BYTES);
      return FALSE;
    }
  for (const char *p = password; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error_literal (error, KV_STAFF_PASSWORD_ERROR, KV_STAFF_PASSWORD_ERROR_INVALID,
                             "The password must not contain control characters");
        return FALSE;
      }
  if (g_utf8_strlen (password, -1) < KV_STAFF_PASSWORD_MIN_CHARS)
    {
      g_set_error (error, KV_STAFF_PASSWORD_ERROR, KV_STAFF_PASSWORD_ERROR_TOO_SHORT,
                   "The password is too short: at least %d characters (a few words make a "
                   "good one)", KV_STAFF_PASSWORD_MIN_CHARS);
      return FALSE;
    }
  return TRUE;
}

/**
 * kv_staff_password_hash:
 *
 * Hashes @password (checked with kv_staff_password_check() first). Slow on
 * purpose: call it from a thread (kv_staff_password_hash_async()).
 *
 * Returns: (transfer full): the "$argon2id$..." string, or %NULL
 */
char *
kv_staff_password_hash (const char  *password,
                        GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];

  if (!kv_staff_password_check (password, error))
    return NULL;
  ensure_sodium ();
  if (crypto_pwhash_str_alg (hash, password, strlen (password),
                             crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, KV_STAFF_PASSWORD_ERROR, KV_STAFF_PASSWORD_ERROR_FAILED,
                           "Could not hash the password (out of memory)");
      return NULL;
    }
  return g_strdup (hash);
}

/* Whether @hash is one of ours, as far as its prefix tells. */
gboolean
kv_staff_password_is_hash (const char *hash)
{
  return hash != NULL && g_str_has_prefix (hash, "$argon2id$");
}

/* A hash no password matches, verified against when the account does not
 * exist, so that a sign-in takes as long for an unknown name as for a
 * known one. */
static const char *
get_decoy_hash (void)
{
  static gsize decoy = 0;

  if (g_once_init_enter (&decoy))
    {
      guint8 random[32];
      char *hash = g_malloc (crypto_pwhash_STRBYTES);

      randombytes_buf (random, sizeof random);
      if (crypto_pwhash_str_alg (hash, (const char *) random, sizeof random,
                                 crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                 crypto_pwhash_MEMLIMIT_INTERACTIVE,
                                 crypto_pwhash_ALG_ARGON2ID13) != 0)
        strcpy (hash, "");
      g_once_init_leave (&decoy, (gsize) hash);
    }
  return (const char *) decoy;
}

/**
 * kv_staff_password_verify:
 * @hash: (nullable): the stored hash; %NULL for an unknown account, which
 *   costs a verification all the same and fails
 *
 * Slow on purpose: call it from a thread (kv_staff_password_verify_async()).
 *
 * Returns: whether @password matches @hash
 */
gboolean
kv_staff_password_verify (const char *hash,
                          const char *password)
{
  gboolean unknown = hash == NULL;

  ensure_sodium ();
  if (password == NULL || strlen (password) > KV_STAFF_PASSWORD_MAX_BYTES)
    return FALSE;
  if (unknown)
    hash = get_decoy_hash ();
  if (!kv_staff_password_is_hash (hash))
    return FALSE;
  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0 && !unknown;
}

/* The thread pool */

typedef struct
{
  char     *hash;
  char     *password;
  gboolean  verify;
} Job;

static void
job_free (Job *job)
{
  g_free (job->hash);
  if (job->password != NULL)
    {
      sodium_memzero (job->password, strlen (job->password));
      g_free (job->password);
    }
  g_free (job);
}

static void
run_job (gpointer data,
         gpointer user_data)
{
  g_autoptr(GTask) task = data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (job->verify)
    {
      g_task_return_boolean (task, kv_staff_password_verify (job->hash, job->password));
    }
  else
    {
      char *hash = kv_staff_password_hash (job->password, &error);

      if (hash != NULL)
        g_task_return_pointer (task, hash, g_free);
      else
        g_task_return_error (task, error);
    }
}

static void
push_job (GTask *task,
          Job   *job)
{
  static gsize created = 0;

  if (g_once_init_enter (&created))
    {
      pool = g_thread_pool_new (run_job, NULL, N_THREADS, FALSE, NULL);
      g_once_init_leave (&created, 1);
    }
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  if (g_thread_pool_unprocessed (pool) >= MAX_WAITING)
    {
      g_task_return_new_error (task, KV_STAFF_PASSWORD_ERROR, KV_STAFF_PASSWORD_ERROR_BUSY,
                               "The server is busy checking passwords; try again in a moment");
      g_object_unref (task);
      return;
    }
  g_thread_pool_push (pool, task, NULL);
}

/* kv_staff_password_hash() on the password threads. */
void
kv_staff_password_hash_async (const char          *password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  g_task_set_source_tag (task, kv_staff_password_hash_async);
  job->password = g_strdup (password);
  push_job (task, job);
}

char *
kv_staff_password_hash_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* kv_staff_password_verify() on the password threads; %FALSE with no
 * error is a wrong password. */
void
kv_staff_password_verify_async (const char          *hash,
                                const char          *password,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  g_task_set_source_tag (task, kv_staff_password_verify_async);
  job->hash = g_strdup (hash);
  job->password = g_strdup (password);
  job->verify = TRUE;
  push_job (task, job);
}

gboolean
kv_staff_password_verify_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

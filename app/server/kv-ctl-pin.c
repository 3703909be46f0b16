/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisitctl"

#include "config.h"

#include "kv-ctl-pin.h"

#include "kv-ctl.h"
#include "kv-pin.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* kinvisitctl pin-hash: the hash of a staff PIN (the site PIN) for a
 * kiosk's secrets file, in Argon2id (see kv-pin.c). It never talks to the
 * server. A kiosk whose secrets still hold an old PBKDF2 hash keeps
 * accepting it until the PIN is set again with this command. */

/* Reads a PIN from stdin, without echo when it is a terminal. */
int
kv_ctl_pin_hash (void)
{
  struct termios saved, quiet;
  gboolean tty = isatty (STDIN_FILENO);
  char line[128];
  g_autofree char *encoded = NULL;
  g_autoptr(GError) error = NULL;
  char *pin;

  if (tty)
    {
      fprintf (stderr, "Staff PIN (%d-%d digits): ", KV_PIN_MIN_DIGITS, KV_PIN_MAX_DIGITS);
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  pin = fgets (line, sizeof line, stdin);
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      fputc ('\n', stderr);
    }
  if (pin == NULL)
    return kv_ctl_fail ("no PIN on standard input");
  g_strchomp (pin);
  if (!kv_pin_check (pin, &error))
    {
      memset (line, 0, sizeof line);
      return kv_ctl_fail ("%s", error->message);
    }
  encoded = kv_pin_hash_new (pin, &error);
  memset (line, 0, sizeof line);
  if (encoded == NULL)
    return kv_ctl_fail ("%s", error->message);
  printf ("%s\n", encoded);
  return KV_CTL_EXIT_OK;
}
